import { describe, expect, it } from 'vitest';
import { readRouterSettings } from '../src/settings.ts';

describe('router settings', () => {
  it('turns introspection and field suggestions off when NODE_ENV=production, unless asked for', () => {
    expect(readRouterSettings({ NODE_ENV: 'production' })).toMatchObject({ GRAPHQL_INTROSPECTION: false, GRAPHQL_FIELD_SUGGESTIONS: false });
    expect(readRouterSettings({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_FIELD_SUGGESTIONS: 'on' })).toMatchObject({
      GRAPHQL_INTROSPECTION: true,
      GRAPHQL_FIELD_SUGGESTIONS: true,
    });
    expect(readRouterSettings({ NODE_ENV: 'development' })).toMatchObject({ GRAPHQL_INTROSPECTION: true, GRAPHQL_FIELD_SUGGESTIONS: true });
    expect(readRouterSettings({})).toMatchObject({ GRAPHQL_INTROSPECTION: true, GRAPHQL_FIELD_SUGGESTIONS: true });
    expect(() => readRouterSettings({ GRAPHQL_FIELD_SUGGESTIONS: 'maybe' })).toThrow(/GRAPHQL_FIELD_SUGGESTIONS/);
  });
});
