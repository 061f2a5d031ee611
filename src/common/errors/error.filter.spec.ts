import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorFilter } from './error.filter';

/** The filter's answer to an exception, through a host holding a fake request and reply. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header() {
      return reply;
    },
    send(body: Record<string, unknown>) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

const pgError = (code: string, message: string) =>
  new QueryFailedError('UPDATE offers …', [], Object.assign(new Error(message), { code }));

describe('ErrorFilter', () => {
  it.each([
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
  ])('answers a transaction PostgreSQL rolled back (%s) 409: nothing was written, try again', (code, message) => {
    const { status, body } = answer(pgError(code, message));
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'REQUEST.CONCURRENT_CHANGE', requestId: 'req-1' });
    expect(body.message).toContain('réessayez');
  });

  it('still answers 500 for any other database error, without its text', () => {
    const { status, body } = answer(pgError('42P01', 'relation "nope" does not exist'));
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Erreur interne inattendue.',
      requestId: 'req-1',
    });
  });
});
