// Typed domain errors. Services throw these; the tRPC adapter (server/trpc/errors.ts) maps them
// to NOT_FOUND / CONFLICT / BAD_REQUEST / FORBIDDEN / SERVICE_UNAVAILABLE. Messages are Octavia's
// where it has one.

export class DomainError extends Error {
  constructor(
    message: string,
    /** The input field the error concerns, as a dotted path, so a form can show it in place. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super(`${resource} ${id} not found.`);
  }
}

export class ConflictError extends DomainError {}

/** A quota that answers 409 as Neutron's do (its error type OverQuota), not Octavia's 403. */
export class OverQuotaError extends ConflictError {}

export class ValidationError extends DomainError {}

/**
 * An option the amphora provider does not serve: the caller's request (BAD_REQUEST over tRPC), but
 * Octavia's API answers it 501 (its UnsupportedOptionError), so its REST door can tell it apart.
 */
export class UnsupportedOptionError extends ValidationError {}

export class ForbiddenError extends DomainError {}

/** A part of the cloud the request needs is down for the moment (e.g. the compute agent): retry. */
export class UnavailableError extends DomainError {}

/** Not authenticated: no identity, or credentials that do not check out. */
export class UnauthorizedError extends DomainError {}

/** Refused for now: too many attempts. */
export class TooManyRequestsError extends DomainError {}
