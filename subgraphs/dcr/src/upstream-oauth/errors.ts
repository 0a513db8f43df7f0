import { ForbiddenError, InvalidInputError } from '@mcp-portal/kit';

/** Why an authorization could not start or complete (bad metadata, a refused address, a bad token response, …). */
export class OAuthFlowError extends InvalidInputError {}

/** The state is unknown, used already, or expired. */
export class OAuthStateError extends InvalidInputError {}

/** The state was started by another platform user. */
export class OAuthStateOwnerError extends ForbiddenError {}
