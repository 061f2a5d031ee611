import { withoutAddresses } from '../../common/logging/addresses';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { NoticeRecipientsReadModel } from '../../read-models/notice-recipients.read-model';
import type { RenderedEmail } from './domain/email-layout';
import { ClaimedNotice, NoticesRepository } from './notices.repository';
import { MailerService, PermanentMailError } from './mailer.service';
import { NoticeRenderers } from './notice-renderers';

export type DeliveryOutcome = 'SENT' | 'SKIPPED' | 'FAILED';

/** What became of a batch: each notice's outcome, and the temporary failures (worth a retry of the job). */
export interface BatchDelivery {
  readonly outcomes: Map<string, DeliveryOutcome>;
  readonly retryable: { readonly noticeId: string; readonly error: Error }[];
}

/**
 * Delivers notices, each at most once per claim: the rows are claimed with one conditional update, so two runs of
 * the same job (a duplicate, a stalled job re-run) cannot both send. A batch is claimed in one statement, rendered
 * in one snapshot, sent at once over the mailer's pooled connections, and each notice is marked SENT as soon as the
 * server has acknowledged it (the marks of the acknowledgements that arrive together go in one statement).
 */
@Injectable()
export class NoticeDeliveryService {
  private readonly logger = new Logger(NoticeDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: MailerService,
    private readonly renderers: NoticeRenderers,
    private readonly repo: NoticesRepository,
    private readonly recipients: NoticeRecipientsReadModel,
  ) {}

  /** One notice (a `notice.send` job): SENT, SKIPPED (sent, failed or held elsewhere), FAILED; throws to retry. */
  async deliver(noticeId: string, opts: { isLastAttempt: boolean }): Promise<DeliveryOutcome> {
    const { outcomes, retryable } = await this.deliverBatch([noticeId], opts);
    // BullMQ keeps the message as the job's failure reason: without the address the server may have quoted.
    if (retryable.length) throw new Error(withoutAddresses(retryable[0].error.message));
    return outcomes.get(noticeId) ?? 'SKIPPED';
  }

  /**
   * A batch (a `notice.send-batch` job). Notices already sent, failed or held by another run are SKIPPED. A temporary
   * failure leaves its notice PENDING and unclaimed (FAILED on the last attempt) and is returned, for the job to retry.
   */
  async deliverBatch(noticeIds: readonly string[], opts: { isLastAttempt: boolean }): Promise<BatchDelivery> {
    const outcomes = new Map<string, DeliveryOutcome>(noticeIds.map((id) => [id, 'SKIPPED']));
    const retryable: { noticeId: string; error: Error }[] = [];
    if (noticeIds.length === 0) return { outcomes, retryable };
    const token = randomUUID();
    const claimed = await this.repo.claimMany(
      this.dataSource.manager,
      noticeIds,
      this.config.notices.claimSeconds,
      token,
    );
    if (claimed.length === 0) return { outcomes, retryable };
    const claims = new ClaimKeeper(
      claimed.map((n) => n.id),
      this.config.notices.claimSeconds,
      (ids) => this.repo.extendClaims(this.dataSource.manager, ids, this.config.notices.claimSeconds, token),
    );
    try {
      await this.sendClaimed(claimed, claims, outcomes, retryable, opts);
    } finally {
      claims.stop();
    }
    return { outcomes, retryable };
  }

  private async sendClaimed(
    claimed: readonly ClaimedNotice[],
    claims: ClaimKeeper,
    outcomes: Map<string, DeliveryOutcome>,
    retryable: { noticeId: string; error: Error }[],
    opts: { isLastAttempt: boolean },
  ): Promise<void> {
    let rendered: Awaited<ReturnType<NoticeDeliveryService['render']>>;
    try {
      rendered = await this.render(claimed);
    } catch (err) {
      // Release the claims (their notices stay PENDING) so that the job's retry can take them again.
      for (const notice of claimed) {
        claims.done(notice.id);
        await this.recordFailure(notice.id, err as Error, opts.isLastAttempt);
      }
      throw err;
    }
    const marks = new SentMarks((ids) => this.repo.markSentMany(this.dataSource.manager, ids));
    await Promise.all(
      claimed.map(async (notice) => {
        try {
          const r = rendered.get(notice.id)!;
          if (r instanceof Error) throw r;
          // Checked once a connection is free: a claim that lapsed meanwhile (another run may hold it now) is not ours.
          const sent = await this.mailer.send(r.to, r.email, `<notice-${notice.id}@berceau>`, () =>
            claims.holds(notice.id),
          );
          if (!sent) return;
        } catch (err) {
          claims.done(notice.id);
          const permanent = err instanceof PermanentMailError || err instanceof UnrenderableNotice;
          await this.recordFailure(notice.id, err as Error, permanent || opts.isLastAttempt);
          if (permanent || opts.isLastAttempt) outcomes.set(notice.id, 'FAILED');
          else retryable.push({ noticeId: notice.id, error: err as Error });
          return;
        }
        await marks.add(notice.id);
        claims.done(notice.id);
        outcomes.set(notice.id, 'SENT');
        this.logger.log({ noticeId: notice.id, type: notice.type }, 'notice sent');
      }),
    );
  }

  /** Every claimed notice's e-mail, read in one snapshot (or why it cannot be rendered). */
  private async render(
    notices: readonly ClaimedNotice[],
  ): Promise<Map<string, { to: string; email: RenderedEmail } | Error>> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const contacts = await this.recipients.contactsOf(
        em,
        notices.flatMap((n) => (n.recipientUserId ? [n.recipientUserId] : [])),
      );
      const out = new Map<string, { to: string; email: RenderedEmail } | Error>();
      for (const notice of notices) {
        const renderer = this.renderers.get(notice.type);
        // An address with no account (an invited co-parent): greeted without a name, which nobody gave.
        const user = notice.recipientUserId
          ? contacts.get(notice.recipientUserId)
          : notice.recipientEmail
            ? { email: notice.recipientEmail, firstName: '' }
            : undefined;
        if (!renderer) out.set(notice.id, new UnrenderableNotice(`no renderer for notice type ${notice.type}`));
        else if (!user) out.set(notice.id, new UnrenderableNotice('recipient no longer exists'));
        // A disabled account is sent nothing (a manager who left the crèche, an account closed by an admin).
        else if ('disabled' in user && user.disabled)
          out.set(notice.id, new UnrenderableNotice('recipient account disabled'));
        else
          try {
            out.set(notice.id, {
              to: user.email,
              email: await renderer(em, notice.templateData, {
                userId: notice.recipientUserId,
                email: user.email,
                firstName: user.firstName,
                baseUrl: this.config.publicBaseUrl,
              }),
            });
          } catch (err) {
            // Kept for this notice alone (a retry may do better); an aborted snapshot fails the others the same way.
            out.set(notice.id, err instanceof Error ? err : new Error(String(err)));
          }
      }
      return out;
    });
  }

  private async recordFailure(noticeId: string, err: Error, final: boolean): Promise<void> {
    // Mail servers quote the recipient in their refusals ("550 5.1.1 <x@y>: Recipient address rejected"): no address
    // goes to the log nor to the notice's row.
    const reason = withoutAddresses(err.message).slice(0, 500);
    await this.repo.recordFailure(this.dataSource.manager, noticeId, reason, final);
    this.logger.warn({ noticeId, final, err: reason }, 'notice delivery failed');
  }
}

/**
 * Marks acknowledged notices SENT without delay: the first acknowledgement is written at once, those that arrive
 * while it is written go together in the next statement. `add` resolves once its notice is marked.
 */
class SentMarks {
  private waiting: { id: string; done: () => void; fail: (err: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly write: (ids: string[]) => Promise<void>) {}

  add(id: string): Promise<void> {
    return new Promise((done, fail) => {
      this.waiting.push({ id, done, fail });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(batch.map((w) => w.id));
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.fail(err);
      }
    }
    this.writing = false;
  }
}

/**
 * Keeps a batch's claims alive while it sends: every third of the claim's length, the claims of the notices not yet
 * done are extended, and only those the run still holds (claim token) are. A notice whose claim could not be
 * extended (lapsed and taken by another run, or the database unreachable) is not sent by this run.
 */
class ClaimKeeper {
  private readonly pending: Set<string>;
  private readonly lost = new Set<string>();
  private renewing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private renewedAt = Date.now();

  constructor(
    ids: readonly string[],
    private readonly claimSeconds: number,
    private readonly extend: (ids: string[]) => Promise<Set<string>>,
  ) {
    this.pending = new Set(ids);
    this.timer = setInterval(() => void this.renew(), (claimSeconds * 1000) / 3);
    this.timer.unref();
  }

  /** Whether this run may send the notice now (its claim held, renewed if the last renewal is getting old). */
  async holds(id: string): Promise<boolean> {
    if (Date.now() - this.renewedAt > (this.claimSeconds * 1000) / 2) await this.renew();
    return this.pending.has(id) && !this.lost.has(id);
  }

  done(id: string): void {
    this.pending.delete(id);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private renew(): Promise<void> {
    this.renewing ??= (async () => {
      const ids = [...this.pending].filter((id) => !this.lost.has(id));
      try {
        const held = ids.length ? await this.extend(ids) : new Set<string>();
        for (const id of ids) if (!held.has(id) && this.pending.has(id)) this.lost.add(id);
        this.renewedAt = Date.now();
      } catch {
        for (const id of ids) this.lost.add(id);
      }
    })().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }
}

/** The notice cannot be rendered (unknown type, recipient gone): retrying will not help. */
export class UnrenderableNotice extends Error {}
