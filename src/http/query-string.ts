// A query string whose percent-escapes are not valid UTF-8 is refused (400) for every route, before
// any route reads it: express's parser would otherwise hand routes replacement characters.
import type { NextFunction, Request, Response } from 'express';
import { badRequest } from './errors.js';

export function strictQueryString(req: Request, _res: Response, next: NextFunction): void {
  const i = req.originalUrl.indexOf('?');
  if (i >= 0) {
    for (const part of req.originalUrl.slice(i + 1).split(/[&=]/)) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        return next(badRequest('The query string has a percent-escape that is not valid UTF-8'));
      }
    }
  }
  next();
}
