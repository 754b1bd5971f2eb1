// `sync-wasm webhook verify`: checks a delivery's Sync-Signature against the raw body on stdin, as a
// receiver would (no API key needed). Exit 0 and the notification when it verifies, 5 when not.
import { readFileSync } from "node:fs";
import { EXIT_CODES_HELP, integer, parse, showHelp } from "./args.js";
import { CliError, EXIT, UsageError } from "./errors.js";
import { createOutput } from "./output.js";

const VERIFY_HELP = `Usage: sync-wasm webhook verify --header '<Sync-Signature>' < body.json

Verify a webhook delivery: the raw body on stdin, exactly as received, and its Sync-Signature header
(t=<unix time>,v1=<hex>). The secret is the webhook's signing secret from the Sync dashboard.

Options:
  --header <value>       the Sync-Signature header's value (required)
  --secret <secret>      the signing secret (prefer SYNC_WEBHOOK_SECRET or --secret-file: a flag
                         shows in shell history and ps)
  --secret-file <file>   read the secret from this file
  --tolerance <seconds>  how old the signature may be (default 300)
  --json                 print the verified notification as JSON, nothing else
  -h, --help             this help

${EXIT_CODES_HELP}
  A delivery that does not verify exits 5, with the reason.
`;

function secretOf(values, env) {
  if (values.secret !== undefined && values["secret-file"] !== undefined) throw new UsageError("give --secret or --secret-file, not both");
  if (values["secret-file"] !== undefined) {
    try {
      return readFileSync(values["secret-file"], "utf8").trim();
    } catch (e) {
      throw new UsageError(`cannot read --secret-file: ${e.code ?? e.message}`);
    }
  }
  const secret = values.secret ?? env.SYNC_WEBHOOK_SECRET?.trim();
  if (!secret) throw new UsageError("no secret: set SYNC_WEBHOOK_SECRET, or pass --secret-file <file>");
  return secret;
}

async function readStdin(stdin) {
  const chunks = [];
  for await (const chunk of stdin) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

async function verify(argv, ctx) {
  const { values } = parse(argv, { header: { type: "string" }, secret: { type: "string" }, "secret-file": { type: "string" }, tolerance: { type: "string" } });
  if (values.help) return showHelp(ctx, VERIFY_HELP);
  if (!values.header) throw new UsageError("webhook verify needs --header '<Sync-Signature value>'");
  const secret = secretOf(values, ctx.env);
  ctx.secrets?.push(secret);
  const tolerance = integer(values, "tolerance", { min: 0 });
  const stdin = ctx.stdin ?? process.stdin;
  if (stdin.isTTY) throw new UsageError("pipe the delivery's raw body on stdin: sync-wasm webhook verify --header '...' < body.json");
  const body = await readStdin(stdin);
  const { verifyWebhook } = await import("../node.js");
  const out = createOutput({ stdout: ctx.stdout, stderr: ctx.stderr, json: values.json, secret });
  const notification = verifyWebhook(body, values.header, secret, tolerance !== undefined ? { toleranceSeconds: tolerance } : {});
  out.result(notification, (n) => `verified  ${[n.id, n.status].filter(Boolean).join("  ")}`);
  return EXIT.ok;
}

export async function webhookCommand(argv, ctx) {
  const [sub, ...rest] = argv;
  if (sub === "verify") return verify(rest, ctx);
  if (sub === undefined || sub === "--help" || sub === "-h") return showHelp(ctx, VERIFY_HELP);
  throw new CliError(`unknown webhook command "${sub}": use webhook verify`, EXIT.usage);
}
