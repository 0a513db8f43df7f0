/**
 * The enable form of a catalog entry, generated from its `configSchema` (Docker's `config:`: a list of
 * JSON Schema objects, each `{ name, description, type: object, properties, required }`, or one such
 * object). Plain data and functions, no React: the form component renders the fields these describe.
 *
 * Config keys: a property `p` of a schema object named `X` is stored as `X.p` (`filesystem.paths`), the
 * shape Docker's config.yaml gives it (`filesystem: { paths: … }`); a schema object without a name
 * stores its properties under their own names.
 */

export type ConfigFieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'json';

export interface ConfigField {
  /** The config key the value is stored under. */
  key: string;
  property: string;
  /** The property's `title`, else its `description`, else its name. */
  label: string;
  /** The description, when it is not already the label. */
  hint: string | null;
  kind: ConfigFieldKind;
  required: boolean;
  /** For `enum`: the allowed values, in order (the form's select holds their index). */
  options: readonly unknown[];
  minimum: number | null;
  maximum: number | null;
  minLength: number | null;
  maxLength: number | null;
  pattern: string | null;
  /** The schema's `default`, as the form's initial value. */
  initial: ConfigFieldValue;
}

/** A field's value in the form: the checkbox's state, or the text typed (an enum: the option's index). */
export type ConfigFieldValue = string | boolean;

export interface ConfigGroup {
  /** The schema object's `name`, the prefix of its keys. */
  name: string | null;
  title: string | null;
  description: string | null;
  fields: ConfigField[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The schema's `type`, the first one that is not `null` when it lists several. */
function typeOf(schema: JsonObject): string | null {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => typeof t === 'string' && t !== 'null') as string | undefined) ?? null;
  return null;
}

function kindOf(schema: JsonObject): ConfigFieldKind {
  const values = schema.enum;
  if (Array.isArray(values) && values.length > 0 && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return 'enum';
  const type = typeOf(schema);
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return type;
  if (type === 'array' && isObject(schema.items) && typeOf(schema.items) === 'string' && !Array.isArray(schema.items.enum)) return 'string-list';
  return 'json';
}

function initialValue(kind: ConfigFieldKind, schema: JsonObject, options: readonly unknown[]): ConfigFieldValue {
  const fallback = schema.default;
  switch (kind) {
    case 'boolean':
      return fallback === true;
    case 'enum': {
      const index = fallback === undefined ? -1 : options.findIndex((option) => option === fallback);
      return index >= 0 ? String(index) : '';
    }
    case 'string':
      return typeof fallback === 'string' ? fallback : '';
    case 'number':
    case 'integer':
      return typeof fallback === 'number' ? String(fallback) : '';
    case 'string-list':
      return Array.isArray(fallback) ? fallback.filter((v) => typeof v === 'string').join('\n') : '';
    case 'json':
      return fallback === undefined ? '' : JSON.stringify(fallback, null, 2);
  }
}

function field(key: string, property: string, schema: JsonObject, required: boolean): ConfigField {
  const kind = kindOf(schema);
  const options = kind === 'enum' ? (schema.enum as unknown[]) : [];
  const title = text(schema.title);
  const description = text(schema.description);
  return {
    key,
    property,
    label: title ?? description ?? property,
    hint: title && description ? description : null,
    kind,
    required,
    options,
    minimum: finite(schema.minimum),
    maximum: finite(schema.maximum),
    minLength: finite(schema.minLength),
    maxLength: finite(schema.maxLength),
    pattern: text(schema.pattern),
    initial: initialValue(kind, schema, options),
  };
}

function group(schema: JsonObject): ConfigGroup | null {
  const name = text(schema.name);
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const base = { name, title: text(schema.title), description: text(schema.description) };
  if (isObject(schema.properties)) {
    // Required fields first, otherwise in the schema's order (a stable sort).
    const fields = Object.entries(schema.properties)
      .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
      .map(([property, propertySchema]) => field(name ? `${name}.${property}` : property, property, propertySchema, required.has(property)))
      .sort((a, b) => Number(b.required) - Number(a.required));
    return fields.length > 0 ? { ...base, fields } : null;
  }
  // A named schema that is a single value rather than an object of properties: one field, keyed by the name.
  if (name && typeOf(schema) && typeOf(schema) !== 'object') {
    return { name, title: null, description: null, fields: [field(name, name, schema, false)] };
  }
  return null;
}

/** The form's groups of fields; empty when the entry takes no configuration (or its schema is unusable). */
export function configGroups(configSchema: unknown): ConfigGroup[] {
  const schemas = Array.isArray(configSchema) ? configSchema : configSchema == null ? [] : [configSchema];
  return schemas.filter(isObject).flatMap((schema) => group(schema) ?? []);
}

export function initialValues(groups: readonly ConfigGroup[]): Record<string, ConfigFieldValue> {
  return Object.fromEntries(groups.flatMap((g) => g.fields.map((f) => [f.key, f.initial])));
}

export interface CollectedConfig {
  /** The values to store, typed (a number is a number, a list a list), in the form's order. */
  entries: { key: string; value: unknown }[];
  /** Problems by config key. */
  errors: Record<string, string>;
}

/** The typed value of one field, or why it is wrong; `undefined` when it is empty (and may be). */
export function fieldValue(field: ConfigField, raw: ConfigFieldValue | undefined): { value?: unknown; error?: string } {
  if (field.kind === 'boolean') return { value: raw === true };
  const input = typeof raw === 'string' ? raw : '';
  const empty = field.kind === 'string' ? input.length === 0 : input.trim().length === 0;
  if (empty) return field.required ? { error: field.kind === 'string-list' ? 'Enter at least one value.' : 'This field is required.' } : {};

  switch (field.kind) {
    case 'string': {
      if (field.minLength !== null && input.length < field.minLength) return { error: `Use at least ${field.minLength} characters.` };
      if (field.maxLength !== null && input.length > field.maxLength) return { error: `Use at most ${field.maxLength} characters.` };
      if (field.pattern !== null) {
        let pattern: RegExp | null = null;
        try {
          pattern = new RegExp(field.pattern, 'u');
        } catch {
          pattern = null; // a pattern this browser cannot read is left to the server
        }
        if (pattern && !pattern.test(input)) return { error: `Must match ${field.pattern}.` };
      }
      return { value: input };
    }
    case 'number':
    case 'integer': {
      const value = Number(input.trim());
      if (!Number.isFinite(value)) return { error: 'Enter a number.' };
      if (field.kind === 'integer' && !Number.isInteger(value)) return { error: 'Enter a whole number.' };
      if (field.minimum !== null && value < field.minimum) return { error: `Enter ${field.minimum} or more.` };
      if (field.maximum !== null && value > field.maximum) return { error: `Enter ${field.maximum} or less.` };
      return { value };
    }
    case 'enum': {
      const index = Number(input);
      if (!Number.isInteger(index) || index < 0 || index >= field.options.length) return { error: 'Choose one of the options.' };
      return { value: field.options[index] };
    }
    case 'string-list': {
      const values = input
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      return { value: values };
    }
    case 'json': {
      try {
        return { value: JSON.parse(input) as unknown };
      } catch (error) {
        return { error: `Enter valid JSON (${error instanceof Error ? error.message : 'it does not parse'}).` };
      }
    }
  }
  return {};
}

/** Checks every field and types the filled ones. */
export function collectConfig(groups: readonly ConfigGroup[], values: Record<string, ConfigFieldValue>): CollectedConfig {
  const entries: CollectedConfig['entries'] = [];
  const errors: Record<string, string> = {};
  for (const { fields } of groups) {
    for (const f of fields) {
      const outcome = fieldValue(f, values[f.key]);
      if (outcome.error) errors[f.key] = outcome.error;
      else if (outcome.value !== undefined) entries.push({ key: f.key, value: outcome.value });
    }
  }
  return { entries, errors };
}

/* Editing the values of an enabled server */

/** A value the server has that no schema field describes: a field of the kind its value suggests. */
export function extraField(key: string, value: unknown, required = false): ConfigField {
  let schema: JsonObject;
  if (value === undefined || typeof value === 'string') schema = { type: 'string' };
  else if (typeof value === 'number') schema = { type: 'number' };
  else if (typeof value === 'boolean') schema = { type: 'boolean' };
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) schema = { type: 'array', items: { type: 'string' } };
  else schema = {};
  return field(key, key, schema, required);
}

/**
 * The fields of a server's configuration form: the catalog entry's schema, then (as "Other values") the
 * values the server has that the schema does not describe and the keys a failed start named as missing.
 */
export function configEditorGroups(configSchema: unknown, config: readonly { key: string; value: unknown }[], missing: readonly string[] = []): ConfigGroup[] {
  const groups = configGroups(configSchema);
  const known = new Set(groups.flatMap((g) => g.fields.map((f) => f.key)));
  const others: ConfigField[] = [];
  for (const { key, value } of config) {
    if (known.has(key)) continue;
    known.add(key);
    others.push(extraField(key, value));
  }
  for (const key of missing) {
    if (known.has(key)) continue;
    known.add(key);
    others.push({ ...extraField(key, undefined, true), hint: 'The server needs this value to start.' });
  }
  if (others.length > 0) {
    groups.push({ name: null, title: 'Other values', description: 'Values the catalog entry’s configuration schema does not describe.', fields: others });
  }
  return groups;
}

/** A stored value as the form shows it (the inverse of `fieldValue`); an unset value is an empty field. */
export function formValueOf(field: ConfigField, value: unknown): ConfigFieldValue {
  if (field.kind === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'enum': {
      const index = field.options.findIndex((option) => option === value);
      return index >= 0 ? String(index) : '';
    }
    case 'string-list':
      if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
      break;
    case 'json':
      return JSON.stringify(value, null, 2);
  }
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The form's starting point for a server: each field showing the value the server has (empty when unset). */
export function storedValues(groups: readonly ConfigGroup[], config: readonly { key: string; value: unknown }[]): Record<string, ConfigFieldValue> {
  const stored = new Map(config.map((c) => [c.key, c.value]));
  return Object.fromEntries(groups.flatMap((g) => g.fields.map((f) => [f.key, formValueOf(f, stored.get(f.key))])));
}

export interface ConfigChanges {
  /** Values to store (`setServerConfig`), typed. */
  set: { key: string; value: unknown }[];
  /** Keys the server has whose field was emptied (`deleteServerConfig`). */
  remove: string[];
  /** Problems by config key, of the changed fields only. */
  errors: Record<string, string>;
}

/**
 * What to send for the fields that differ from `stored`: a changed value is checked like the enable form
 * checks it; an emptied optional field deletes the key when the server has it. Untouched fields are left
 * alone (an unset boolean is not stored as `false` just because the form shows it unchecked).
 */
export function collectChanges(
  groups: readonly ConfigGroup[],
  stored: Record<string, ConfigFieldValue>,
  values: Record<string, ConfigFieldValue>,
  storedKeys: ReadonlySet<string>,
): ConfigChanges {
  const changes: ConfigChanges = { set: [], remove: [], errors: {} };
  for (const { fields } of groups) {
    for (const f of fields) {
      const value = values[f.key];
      if (value === undefined || value === stored[f.key]) continue;
      const outcome = fieldValue(f, value);
      if (outcome.error) changes.errors[f.key] = outcome.error;
      else if (outcome.value !== undefined) changes.set.push({ key: f.key, value: outcome.value });
      else if (storedKeys.has(f.key)) changes.remove.push(f.key);
    }
  }
  return changes;
}
