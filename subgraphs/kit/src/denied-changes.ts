import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { alreadyAudited, type AuditLog } from './audit.ts';
import type { KitContext } from './builder.ts';
import type { CounterStore } from './counters.ts';
import { ForbiddenError } from './errors.ts';
import type { Logger } from './logger.ts';

/** At most this many refusals per actor and minute are recorded (over every subgraph and replica). */
export const deniedChangesPerMinute = 10;

/**
 * A mutation refused for the caller's role (FORBIDDEN at a root field: the field's RBAC rule, or a
 * service's own role check) changes nothing, so no audit row would mention it: this records it with the
 * outcome `denied` (action `access.denied`, target the field). A loop of refusals cannot flood the table:
 * past `deniedChangesPerMinute` rows per actor in a minute, further refusals are only counted.
 * Refusals a change already recorded as its failure (inside AuditLog.change) are not recorded again.
 */
export function deniedChangesPlugin<Context extends KitContext>(audit: AuditLog, counters: CounterStore, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ operation, errors, contextValue }) {
          if (operation?.operation !== 'mutation' || !contextValue.viewer) return;
          const viewer = contextValue.viewer;
          const fields = new Set<string>();
          for (const error of errors) {
            const original = error instanceof GraphQLError ? error.originalError : undefined;
            const field = error.path?.length === 1 ? error.path[0] : undefined;
            if (original instanceof ForbiddenError && typeof field === 'string' && !alreadyAudited(original)) fields.add(field);
          }
          for (const field of fields) {
            try {
              const { count } = await counters.increment(`audit-denied:${viewer.userId}`, 60);
              if (count > deniedChangesPerMinute) {
                if (count === deniedChangesPerMinute + 1)
                  logger.warn({ actorId: viewer.userId }, 'refused changes of this actor are no longer audited this minute');
                continue;
              }
              await audit.record(
                contextValue,
                {
                  action: 'access.denied',
                  targetType: 'Mutation',
                  targetId: field,
                  detail: { field: `Mutation.${field}`, role: viewer.role, code: 'FORBIDDEN' },
                },
                'denied',
              );
            } catch (error) {
              logger.warn({ err: error, field }, 'could not audit a refused change');
            }
          }
        },
      };
    },
  };
}
