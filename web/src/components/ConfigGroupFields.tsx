import type { ConfigFieldValue, ConfigGroup } from '../config-schema.ts';
import { ConfigFieldInput } from './ConfigFieldInput.tsx';

export interface ConfigGroupFieldsProps {
  groups: readonly ConfigGroup[];
  values: Record<string, ConfigFieldValue>;
  onChange(key: string, value: ConfigFieldValue): void;
  errors: Record<string, string>;
}

/** The generated inputs of a configuration schema, a fieldset per schema object (the enable form and a server's page). */
export function ConfigGroupFields({ groups, values, onChange, errors }: ConfigGroupFieldsProps) {
  return (
    <>
      {groups.map((group, index) => (
        <fieldset key={group.name ?? `group-${index}`} className="config-group" data-testid={`config-group-${group.name ?? index}`}>
          <legend>{group.title ?? group.name ?? 'Configuration'}</legend>
          {group.description ? <p className="config-group__description muted">{group.description}</p> : null}
          <div className="form__grid">
            {group.fields.map((f) => (
              <ConfigFieldInput key={f.key} field={f} value={values[f.key]} onChange={(v) => onChange(f.key, v)} error={errors[f.key]} />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}
