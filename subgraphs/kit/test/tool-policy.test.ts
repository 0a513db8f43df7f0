import { describe, expect, it } from 'vitest';
import { toolListedFor, toolPolicyRefusal } from '../src/auth/tool-policy.ts';

describe('tool policy rule', () => {
  it('lists and allows a tool without a policy to every role that may call tools', () => {
    expect(toolListedFor(undefined, 'viewer')).toBe(true);
    expect(toolPolicyRefusal('memory', 'read_graph', undefined, 'operator')).toBeNull();
  });

  it('hides a disabled tool from everyone and refuses it to admins too', () => {
    const disabled = { enabled: false, minRole: 'operator' } as const;
    for (const role of ['viewer', 'operator', 'admin'] as const) expect(toolListedFor(disabled, role)).toBe(false);
    expect(toolPolicyRefusal('memory', 'delete_entities', disabled, 'admin')).toBe(
      'The tool delete_entities of memory is disabled by the tool policy of this platform.',
    );
  });

  it('shows an admin-only tool to admins only and lets only admins call it', () => {
    const adminOnly = { enabled: true, minRole: 'admin' } as const;
    expect([toolListedFor(adminOnly, 'viewer'), toolListedFor(adminOnly, 'operator'), toolListedFor(adminOnly, 'admin')]).toEqual([false, false, true]);
    expect(toolPolicyRefusal('memory', 'delete_entities', adminOnly, 'operator')).toContain('may only be called by admins');
    expect(toolPolicyRefusal('memory', 'delete_entities', adminOnly, 'admin')).toBeNull();
  });
});
