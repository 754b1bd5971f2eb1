// An Edge route handler (the edge-light entry of the package).
import { respond } from "../../../lib/scenario";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return respond(request);
}
