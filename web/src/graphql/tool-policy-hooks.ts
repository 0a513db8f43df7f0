import { useCallback, useState } from 'react';
import type { ErrorLike } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { errorMessage } from './errors.ts';
import { SetToolPolicyDocument, type ToolMinRole } from './servers-documents.ts';

export interface ToolPolicyChange {
  enabled?: boolean;
  minRole?: ToolMinRole;
}

export interface ToolPolicyActions {
  /** Sets one tool's policy (admin); false when it failed (its message is in `errors`). */
  set: (tool: string, change: ToolPolicyChange) => Promise<boolean>;
  /** The tools with a change under way. */
  pending: ReadonlySet<string>;
  errors: ReadonlyMap<string, string>;
}

/** The tool policy controls of one server's page: the answer updates the cached server, others see it live. */
export function useToolPolicy(serverId: string): ToolPolicyActions {
  const client = useApolloClient();
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());

  const set = useCallback(
    async (tool: string, change: ToolPolicyChange): Promise<boolean> => {
      setPending((current) => new Set(current).add(tool));
      setErrors((current) => {
        if (!current.has(tool)) return current;
        const next = new Map(current);
        next.delete(tool);
        return next;
      });
      try {
        await client.mutate({ mutation: SetToolPolicyDocument, variables: { serverId, tool, ...change } });
        return true;
      } catch (error) {
        setErrors((current) => new Map(current).set(tool, errorMessage(error as ErrorLike) ?? 'Something went wrong.'));
        return false;
      } finally {
        setPending((current) => {
          const next = new Set(current);
          next.delete(tool);
          return next;
        });
      }
    },
    [client, serverId],
  );

  return { set, pending, errors };
}
