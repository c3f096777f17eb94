import { useId, useState } from 'react';
import type { ParamSchema, ParamSpec, ParamValue, ParamValues } from '../lab/experiment.ts';
import { parseParam } from '../lab/spec-codec.ts';

const num = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

function range(p: { min: number; max: number }, unit?: string): string {
  return `${num.format(p.min)} to ${num.format(p.max)}${unit ? ` ${unit}` : ''}`;
}

function toText(v: ParamValue): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

interface FieldProps {
  name: string;
  p: ParamSpec;
  value: ParamValue;
  disabled: boolean;
  onChange: (v: ParamValue) => void;
}

function Field({ name, p, value, disabled, onChange }: FieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(toText(value));
  const [shown, setShown] = useState(value);
  // The value changed from outside (URL, reset, reopened run): show it instead of the old draft.
  if (toText(shown) !== toText(value)) {
    setShown(value);
    setDraft(toText(value));
  }
  const parsed = parseParam(p, draft);
  const edit = (text: string) => {
    setDraft(text);
    const r = parseParam(p, text);
    if ('value' in r) {
      setShown(r.value);
      onChange(r.value);
    }
  };
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const describedBy = 'value' in parsed ? helpId : `${helpId} ${errId}`;
  const help = `${p.help}${p.kind === 'int' || p.kind === 'number' ? ` Range ${range(p, p.unit)}.` : ''}`;
  const label = (
    <label htmlFor={id} className="field-label">
      {p.label}
      {p.unit && <span className="unit"> ({p.unit})</span>}
    </label>
  );

  // The help opens on a tap (no hover on touch screens) and, unlike a button, while the fieldset is disabled.
  const about = (
    <details className="field-about">
      <summary>
        <span aria-hidden="true">?</span>
        <span className="sr-only">About {p.label}</span>
      </summary>
      <p className="small muted">{help}</p>
    </details>
  );

  let control;
  switch (p.kind) {
    case 'bool':
      return (
        <div className="field field-bool" data-param={name}>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={helpId}
          />
          {label}
          <span id={helpId} className="sr-only">
            {help}
          </span>
          {about}
        </div>
      );
    case 'choice':
      control = (
        <select
          id={id}
          value={String(value)}
          disabled={disabled}
          onChange={(e) => edit(e.target.value)}
          aria-describedby={helpId}
        >
          {p.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'int':
    case 'number': {
      const log = p.kind === 'number' && p.log === true && p.min > 0;
      const toSlider = (v: number) => (log ? Math.log10(v) : v);
      const fromSlider = (s: number) =>
        log ? Number((10 ** s).toPrecision(3)) : p.kind === 'int' ? Math.round(s) : Number(s.toPrecision(4));
      const sliderMin = toSlider(p.min);
      const sliderMax = toSlider(p.max);
      // Wide integer ranges (e.g. 64..60000) get no slider: a pixel would be hundreds of values.
      const slider = log || p.kind === 'number' || p.max - p.min <= 512;
      control = (
        <span className="num-control">
          {slider && (
            <input
              type="range"
              min={sliderMin}
              max={sliderMax}
              step={log ? 0.01 : p.kind === 'int' ? 1 : (sliderMax - sliderMin) / 200}
              value={toSlider(typeof value === 'number' ? value : p.default)}
              disabled={disabled}
              onChange={(e) => edit(String(fromSlider(Number(e.target.value))))}
              aria-label={`${p.label}${log ? ' (log scale)' : ''} slider`}
              aria-describedby={helpId}
              tabIndex={-1}
            />
          )}
          <input
            id={id}
            type="text"
            inputMode="decimal"
            className="num-input"
            value={draft}
            disabled={disabled}
            onChange={(e) => edit(e.target.value)}
            aria-invalid={'error' in parsed}
            aria-describedby={describedBy}
          />
        </span>
      );
      break;
    }
    case 'ints':
      control = (
        <input
          id={id}
          type="text"
          value={draft}
          disabled={disabled}
          onChange={(e) => edit(e.target.value)}
          aria-invalid={'error' in parsed}
          aria-describedby={describedBy}
          placeholder="e.g. 300, 100"
        />
      );
      break;
  }
  return (
    <div className={'value' in parsed ? 'field' : 'field field-invalid'} data-param={name}>
      {label}
      {control}
      <span id={helpId} className="sr-only">
        {help}
      </span>
      {about}
      {'error' in parsed && (
        <span id={errId} className="field-error" role="alert">
          {p.label} {parsed.error}.
        </span>
      )}
    </div>
  );
}

interface Props {
  schema: ParamSchema;
  values: ParamValues;
  disabled: boolean;
  onChange: (name: string, v: ParamValue) => void;
  /** Problems that involve several parameters at once. */
  problems: string[];
}

export function ParamPanel({ schema, values, disabled, onChange, problems }: Props) {
  return (
    <fieldset className="params" disabled={disabled} aria-describedby={disabled ? 'params-locked' : undefined}>
      <legend>Parameters</legend>
      {disabled && (
        <p id="params-locked" className="muted small">
          Stop the run to change parameters.
        </p>
      )}
      {Object.entries(schema).map(([name, p]) => (
        <Field
          key={name}
          name={name}
          p={p}
          value={values[name] ?? p.default}
          disabled={disabled}
          onChange={(v) => onChange(name, v)}
        />
      ))}
      {problems.map((m) => (
        <p key={m} className="field-error" role="alert">
          {m}
        </p>
      ))}
    </fieldset>
  );
}
