// A route handler in the Node.js runtime (the default; the package's node entry).
import { respond } from "../../../lib/scenario";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return respond(request);
}
