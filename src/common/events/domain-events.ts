import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Events a module publishes when its own rows change, for the modules that depend on it to react in the same
 * transaction (domain-driven-hexagon's domain event handlers, run synchronously). This is how an effect runs against
 * the dependency direction without one module writing another's table: the owner of the affected table registers the
 * handler and writes its own rows.
 */
export interface DomainEventPayloads {
  /**
   * An application (or every application of a household being erased) is about to leave the waitlist, before its row
   * is locked: the modules whose rows depend on it lock them first, in the order their own paths lock them (an offer,
   * then its application), so that leaving and answering an offer at once wait for each other instead of deadlocking.
   */
  'application.withdrawing': { applicationId: string } | { familyId: string };
  /** An application left the waitlist at the family's request (or with the household's erasure). */
  'application.withdrawn': {
    applicationId: string;
    actorId: string | null;
    reason: 'APPLICATION_WITHDRAWN' | 'FAMILY_ERASED';
  };
  /**
   * A household's resources or children changed, for its running contracts from `from` (ISO date). `inputs` holds
   * only what changed (a validated declaration's fields): the contracts merge it into their own inputs.
   */
  'family.fee-situation-changed': {
    familyId: string;
    from: string;
    inputs: Partial<{
      monthlyResources: string | null;
      resourcesRefused: boolean;
      resourcesUnchecked: boolean;
      childrenUnchecked: boolean;
      dependentChildren: number;
      aeehChildren: number;
      /** The validated declaration these come from, cited by the fee's trace. */
      declarationId: string;
    }>;
  };
  /** A household was erased (GDPR): modules holding its personal data in their own rows clear it. */
  'family.erased': { familyId: string };
  /** A territory was created: it needs its first priority policy. */
  'territory.created': { territoryId: string; actorId: string | null };
}
export type DomainEventName = keyof DomainEventPayloads;

/** Work a handler asks to run once the transaction has committed (enqueueing a job, say): never inside it. */
export type AfterCommit = () => Promise<void>;

export type DomainEventHandler<N extends DomainEventName> = (
  em: EntityManager,
  payload: DomainEventPayloads[N],
) => Promise<AfterCommit | readonly AfterCommit[] | void>;

@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, DomainEventHandler<DomainEventName>[]>();

  on<N extends DomainEventName>(name: N, handler: DomainEventHandler<N>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as unknown as DomainEventHandler<DomainEventName>);
    this.handlers.set(name, list);
  }

  /** Runs every handler in the caller's transaction, in registration order; returns their after-commit work. */
  async emit<N extends DomainEventName>(
    em: EntityManager,
    name: N,
    payload: DomainEventPayloads[N],
  ): Promise<AfterCommit[]> {
    const after: AfterCommit[] = [];
    for (const handler of this.handlers.get(name) ?? []) {
      const then = await handler(em, payload);
      if (then) after.push(...(Array.isArray(then) ? then : [then]));
    }
    return after;
  }
}

/** Runs after-commit work in order; each piece is best effort by contract (a sweep catches what is missed). */
export async function runAfterCommit(work: readonly AfterCommit[]): Promise<void> {
  for (const w of work) await w();
}
