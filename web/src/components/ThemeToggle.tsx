import { useId, useSyncExternalStore } from 'react';
import { getThemePreference, setThemePreference, subscribeTheme, themePreferences, type ThemePreference } from '../theme.ts';

const labels: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const icons: Record<ThemePreference, string> = { system: '◐', light: '☀', dark: '☾' };

/**
 * The colour theme in the header: three radio buttons (system, light, dark) shown as a segmented control,
 * with the arrow keys of a radio group. The choice is remembered in localStorage (see theme.ts).
 */
export function ThemeToggle() {
  const preference = useSyncExternalStore(subscribeTheme, getThemePreference);
  const name = useId();
  return (
    <fieldset className="theme-toggle" data-testid="theme-toggle">
      <legend className="visually-hidden">Colour theme</legend>
      {themePreferences.map((value) => (
        <label key={value} className="theme-toggle__option" title={`${labels[value]} theme`} data-testid={`theme-${value}`}>
          <input
            type="radio"
            className="theme-toggle__input"
            name={name}
            value={value}
            checked={preference === value}
            onChange={() => setThemePreference(value)}
          />
          <span className="theme-toggle__icon" aria-hidden="true">
            {icons[value]}
          </span>
          <span className="visually-hidden">{labels[value]}</span>
        </label>
      ))}
    </fieldset>
  );
}
