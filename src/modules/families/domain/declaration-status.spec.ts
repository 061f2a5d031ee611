import {
  DECLARATION_EVENTS,
  DECLARATION_STATUSES,
  DeclarationEvent,
  DeclarationStatus,
  declarationTransition,
  nextDeclarationStatus,
  withdrawable,
} from './declaration-status';

const allowed: [DeclarationStatus, DeclarationEvent, DeclarationStatus][] = [
  ['PENDING', 'VALIDATE', 'VALIDATED'],
  ['PENDING', 'REJECT', 'REJECTED'],
];
const isAllowed = (s: DeclarationStatus, e: DeclarationEvent) =>
  allowed.some(([from, event]) => from === s && event === e);
const refused = DECLARATION_STATUSES.flatMap((s) =>
  DECLARATION_EVENTS.filter((e) => !isAllowed(s, e)).map((e) => [s, e] as const),
);

describe('fee declaration lifecycle', () => {
  it('lets its household withdraw a declaration only while no manager has decided on it', () => {
    expect(DECLARATION_STATUSES.filter(withdrawable)).toEqual(['PENDING']);
  });

  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    expect(nextDeclarationStatus(from, event)).toBe(to);
  });

  it.each(refused)('refuses %s --%s (a declaration is reviewed once)', (from, event) => {
    expect(nextDeclarationStatus(from, event)).toBeNull();
  });

  it('covers every status and event pair exactly once between the two lists', () => {
    expect(allowed.length + refused.length).toBe(DECLARATION_STATUSES.length * DECLARATION_EVENTS.length);
  });

  it.each(DECLARATION_EVENTS)('gives %s one target status for a conditional update', (event) => {
    const { from, to } = declarationTransition(event);
    expect(from).toEqual(['PENDING']);
    for (const s of from) expect(nextDeclarationStatus(s, event)).toBe(to);
  });
});
