import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
}

/** A real SMTP server in the test process: nodemailer talks SMTP to it, tests read what arrived. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** When set, the next RCPT TO is answered with this SMTP code (e.g. 550 permanent, 451 transient). */
  rejectWith: number | null = null;
  /** Runs when a message's data has arrived, before it is acknowledged (to slow the server down, or kill a sender). */
  beforeAck: ((arrived: number) => Promise<void>) | null = null;
  /** Messages whose sender went away before the acknowledgement: not delivered, as for a real server. */
  dropped = 0;
  /** Server errors other than a sender going away (none expected). */
  readonly errors: Error[] = [];
  private arrived = 0;
  private readonly closed = new Set<string>();
  /** Sessions with a message waiting in `beforeAck`. */
  private readonly holding = new Set<string>();
  private server!: SMTPServer;
  port = 0;

  /** Sessions holding a message in `beforeAck` whose sender is still connected, as far as the server has seen. */
  get heldOpen(): number {
    return [...this.holding].filter((id) => !this.closed.has(id)).length;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectWith) {
          // Worded as real servers do, quoting the recipient.
          const err = Object.assign(new Error(`<${address.address}>: Recipient address rejected by test`), {
            responseCode: this.rejectWith,
          });
          return callback(err);
        }
        callback();
      },
      onClose: (session) => {
        this.closed.add(session.id);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then(async (parsed) => {
            this.arrived += 1;
            this.holding.add(session.id);
            if (this.beforeAck) await this.beforeAck(this.arrived).finally(() => this.holding.delete(session.id));
            else this.holding.delete(session.id);
            if (this.closed.has(session.id)) {
              this.dropped += 1;
              return callback(new Error('sender gone'));
            }
            const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.mails.push({
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
            });
            callback();
          })
          .catch(callback);
      },
    });
    // A sender killed mid-message (the fault tests SIGKILL a worker) resets its connection: smtp-server reports it as
    // an 'error' event, which without a listener crashed the whole test file ("read ECONNRESET") when the reset
    // arrived before the close. A real server logs and carries on; so does the sink.
    this.server.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') this.errors.push(err);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.mails)) {
      if (Date.now() > deadline) throw new Error(`mail not received within ${timeoutMs} ms (got ${this.mails.length})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
