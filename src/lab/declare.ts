/**
 * Declaring an experiment once: `declareExperiment` keeps the literal types of a declaration (its
 * parameter schema, metric and snapshot names), and `defineRun` types a runner by them, so that a
 * runner reads its parameters with their schema's types and can only emit the names its
 * declaration lists.
 */
import type {
  EventOf,
  ExperimentDeclaration,
  ExperimentMeta,
  ExperimentRun,
  RunContext,
  RunEvent,
  SpecOf,
} from './experiment.ts';

export function declareExperiment<const D extends ExperimentDeclaration>(declaration: D): D {
  return declaration;
}

export function defineRun<D extends ExperimentMeta>(
  declaration: D,
  run: (ctx: RunContext, spec: SpecOf<D>) => AsyncGenerator<EventOf<D>>,
): ExperimentRun {
  return {
    id: declaration.id,
    // The Runner hands over only specs normalized against this declaration's schema.
    run: (ctx, spec) => run(ctx, spec as SpecOf<D>) as AsyncGenerator<RunEvent>,
  };
}

/** A matcher for declared name patterns (`{part}` matches any text, as NameOf does in types). */
export function nameMatcher(patterns: readonly string[]): (name: string) => boolean {
  const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split(/\{[^}]*\}/)
          .map(escape)
          .join('.*')}$`,
      ),
  );
  return (name) => res.some((re) => re.test(name));
}
