import type { AuditOutcomeValue } from '../graphql/admin-documents.ts';

export function OutcomeBadge({ id, outcome }: { id: string; outcome: AuditOutcomeValue }) {
  return (
    <span className={`badge badge--${outcome === 'SUCCESS' ? 'running' : 'error'}`} data-testid={`audit-outcome-${id}`} data-outcome={outcome}>
      {outcome}
    </span>
  );
}
