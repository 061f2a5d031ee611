import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RenderedEmail } from './domain/email-layout';
import type { RecipientFacts } from './domain/notice-templates';
import { NOTICE_TYPES, NoticeType } from './notice-types';

/**
 * Who a notice goes to, as the delivery read it for its whole batch in the renderers' snapshot: the account
 * (null for an address with no account) and the address the e-mail is sent to. A renderer needing no more of the
 * recipient reads nothing of its own (a read per notice was a tenth of the worker's time at 500 e-mails a second).
 */
export interface NoticeRecipient extends RecipientFacts {
  readonly userId: string | null;
  readonly email: string;
}

/** Loads what a notice of one type needs from the database (by the references it stores) and renders it. */
export type NoticeRenderer = (
  em: EntityManager,
  templateData: Record<string, unknown>,
  recipient: NoticeRecipient,
) => Promise<RenderedEmail>;

/**
 * Feature modules register the renderers of their notice types here, so the notice pipeline does not depend on
 * them (allocation depends on notices, never the reverse). One renderer per type: a second registration, or a type
 * left without one, stops the boot instead of surfacing later as a FAILED notice.
 */
@Injectable()
export class NoticeRenderers {
  private readonly renderers = new Map<NoticeType, NoticeRenderer>();

  register(type: NoticeType, renderer: NoticeRenderer): void {
    if (this.renderers.has(type)) throw new Error(`notice type ${type} has two renderers`);
    this.renderers.set(type, renderer);
  }

  get(type: string): NoticeRenderer | undefined {
    return this.renderers.get(type as NoticeType);
  }

  /** Throws one line naming every notice type that has no renderer. */
  assertComplete(types: readonly NoticeType[] = NOTICE_TYPES): void {
    const missing = types.filter((t) => !this.renderers.has(t));
    if (missing.length) throw new Error(`notice types without a renderer: ${missing.join(', ')}`);
  }
}
