import { TRPCError } from "@trpc/server";
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  UnavailableError,
} from "@/server/kernel/errors";

/** The one adapter from domain errors to tRPC codes; the domain error stays as the cause. */
export function toTRPCError(err: DomainError): TRPCError {
  const code =
    err instanceof NotFoundError
      ? "NOT_FOUND"
      : err instanceof ConflictError
        ? "CONFLICT"
        : err instanceof ForbiddenError
          ? "FORBIDDEN"
          : err instanceof UnavailableError
            ? "SERVICE_UNAVAILABLE"
            : err instanceof UnauthorizedError
              ? "UNAUTHORIZED"
              : err instanceof TooManyRequestsError
                ? "TOO_MANY_REQUESTS"
                : "BAD_REQUEST";
  return new TRPCError({ code, message: err.message, cause: err });
}
