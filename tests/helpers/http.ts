// A request whose sending is an event of its own: a test can act once the server has it (a
// SIGTERM while it is in flight) without guessing a delay.
import { request } from 'node:http';

export function sendRequest(
  url: URL,
  headers: Record<string, string> = { accept: 'application/sparql-results+json' },
): { sent: Promise<void>; response: Promise<{ status: number; body: string }> } {
  let sent!: () => void;
  const sentPromise = new Promise<void>((resolve) => (sent = resolve));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.once('error', reject);
    // 'finish': the whole request is handed to the socket; on loopback the server has it.
    req.once('finish', sent);
    req.end();
  });
  return { sent: sentPromise, response };
}
