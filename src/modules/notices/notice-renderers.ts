import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RenderedEmail } from './domain/email-layout';
import type { RecipientFacts } from './domain/notice-templates';

/** Loads what a notice of one type needs from the database (by the references it stores) and renders it. */
export type NoticeRenderer = (
  em: EntityManager,
  templateData: Record<string, unknown>,
  recipient: RecipientFacts,
) => Promise<RenderedEmail>;

/**
 * Feature modules register the renderers of their notice types here, so the notice pipeline does not depend on
 * them (allocation depends on notices, never the reverse).
 */
@Injectable()
export class NoticeRenderers {
  private readonly renderers = new Map<string, NoticeRenderer>();

  register(type: string, renderer: NoticeRenderer): void {
    this.renderers.set(type, renderer);
  }

  get(type: string): NoticeRenderer | undefined {
    return this.renderers.get(type);
  }
}
