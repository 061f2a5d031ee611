import type { components } from '../../../api/schema';

export type Invoice = components['schemas']['InvoiceResponseDto'];
export type HouseholdBalance = components['schemas']['CrecheBalanceResponseDto'];

/** The Facturation page's query keys: all of a crèche's, a month's documents, its households' balances, its reports. */
export const crecheKey = (crecheId: string) => ['creches', crecheId];
export const invoicesKey = (crecheId: string, month: string) => [...crecheKey(crecheId), 'invoices', month];
export const balancesKey = (crecheId: string) => [...crecheKey(crecheId), 'balances'];
export const activityKey = (crecheId: string, year: number) => [...crecheKey(crecheId), 'caf-activity', year];
export const filoueKey = (crecheId: string, year: number) => [...crecheKey(crecheId), 'filoue', year];
