/**
 * `text` with every e-mail address in it replaced by "<address>": what a mail server, a driver or a queue puts in an
 * error message ("550 5.1.1 <x@y>: Recipient address rejected") is logged and kept without the personal data.
 */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, '<address>');
}
