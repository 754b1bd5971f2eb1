// `sync-wasm models`: the models the API offers.
import { CONNECTION_HELP, EXIT_CODES_HELP, parse, showHelp } from "./args.js";
import { EXIT } from "./errors.js";
import { interruptible, startSession } from "./session.js";

const MODELS_HELP = `Usage: sync-wasm models [--json]

List the models the API offers (id, type, version, and when deprecated).

Options:
  --json       print the models as a JSON array, nothing else
  -h, --help   this help

${CONNECTION_HELP}

${EXIT_CODES_HELP}
`;

export async function modelsCommand(argv, ctx) {
  const { values } = parse(argv, {});
  if (values.help) return showHelp(ctx, MODELS_HELP);
  const { client, out, stop } = await startSession(values, ctx);
  return interruptible(stop, async () => {
    const models = await client.models.list({ signal: stop.signal });
    out.result(models, (list) =>
      list.map((m) => [m.id, m.type, m.version, m.deprecatedAt ? `deprecated ${m.deprecatedAt}` : ""].filter(Boolean).join("  ")),
    );
    return EXIT.ok;
  });
}
