import { rawFetch } from '../../parent/household-shared';

/**
 * Saves a file the API serves behind the session's token (a plain link would not carry it): fetched into a blob URL,
 * then saved under the name the API gives. Returns that name, for the page to say what was downloaded.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const res = await rawFetch(path);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
