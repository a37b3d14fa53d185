// A TypeDoc plugin: names each module of the API reference by the specifier users import
// (`handoffkit/chatwoot`) instead of its source path (`adapters/chatwoot`).
import { Converter, ReflectionKind } from 'typedoc';
import { publicEntries } from './package-entries.mjs';

/** @param {import('typedoc').Application} app */
export function load(app) {
  const specifiers = new Map(publicEntries().map((entry) => [entry.name.replace(/\/index$/, ''), `handoffkit${entry.subpath.slice(1)}`]));
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const specifier = specifiers.get(module.name);
      if (specifier === undefined) app.logger.warn(`The module ${module.name} is no public entry of the package.`);
      else module.name = specifier;
    }
  });
}
