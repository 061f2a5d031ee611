import type { components } from '../../api/schema';

/**
 * What the follow-up pages (Mes demandes, Mon offre) read from the API: the response schemas of Berceau's OpenAPI
 * document, so that a change of these answers the pages do not follow fails the type check.
 */
type Schemas = components['schemas'];

export type Slot = Schemas['ScheduleSlotResponseDto'];
export type Application = Schemas['ApplicationResponseDto'];
export type ApplicationStatus = Application['status'];
export type ApplicationWithRanks = Schemas['ApplicationWithRanksResponseDto'];
/** The application's standing at one of its crèches. */
export type CrecheStanding = Schemas['CrecheStandingDto'];
export type BreakdownLine = Schemas['VerifiedScoreLineDto'];
export type WaitEstimate = Schemas['WaitEstimateDto'];
export type Offer = Schemas['OfferResponseDto'];
/** GET /api/offers/:id: the offer with each step of its estimated fee. */
export type OfferDetail = Schemas['OfferDetailResponseDto'];
export type OfferStatus = Offer['status'];
export type Child = Schemas['ChildResponseDto'];
export type Creche = Schemas['CrecheResponseDto'];
