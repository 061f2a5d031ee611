import { unwrap } from '../../../api/call';

/**
 * Saves a proof the API served as an attachment behind the session's token (a plain link would not carry it): the
 * typed client's answer read as a blob, saved under the server's file name. Returns that name.
 */
export async function saveAttachment(result: { data?: unknown; error?: unknown; response: Response }): Promise<string> {
  const blob = (await unwrap(Promise.resolve(result))) as Blob;
  const name =
    /filename="([^"]+)"/.exec(result.response.headers.get('content-disposition') ?? '')?.[1] ?? 'justificatif';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
