// What a client asked for that cannot be done, said by the layer that found it (the protocol, the
// query check, the reconciliation service): the layer says what is wrong, http/errors.ts alone
// says which status that is. Lower layers never import the HTTP layer.
export type ClientErrorKind = 'malformed' | 'refused' | 'not-acceptable' | 'unsupported-media-type';

export class ClientError extends Error {
  override name = 'ClientError';
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const malformed = (message: string) => new ClientError('malformed', message);
export const refused = (message: string) => new ClientError('refused', message);
export const notAcceptableHere = (offered: readonly string[]) =>
  new ClientError('not-acceptable', `Not acceptable. This resource is available as: ${offered.join(', ')}`);
export const unsupportedMediaType = (message: string) => new ClientError('unsupported-media-type', message);
