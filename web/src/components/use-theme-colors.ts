import { useMemo, useSyncExternalStore } from 'react';
import { subscribeTheme } from '../theme.ts';

const appliedTheme = () => document.documentElement.dataset.theme ?? 'light';

function readTokens(tokens: readonly string[]): string[] {
  const style = getComputedStyle(document.documentElement);
  return tokens.map((token) => style.getPropertyValue(token).trim() || 'currentColor');
}

/**
 * The values of colour tokens (`--chart-1`…) in the theme applied now, read again when it changes: for a
 * library that draws with colour values rather than with the page's CSS (the chart's SVG attributes).
 */
export function useThemeColors(tokens: readonly string[]): string[] {
  const theme = useSyncExternalStore(subscribeTheme, appliedTheme);
  // The theme is part of the key: a change of theme changes the values.
  const key = [theme, ...tokens].join(' ');
  return useMemo(() => readTokens(key.split(' ').slice(1)), [key]);
}
