// Reference facets from the official SDK (@atproto/api RichText), for comparing the project's
// own facet builder against it.
//
//   node facets.mjs --modules <cache>/lib/node_modules [--pds http://127.0.0.1:PORT]
//
// Reads JSON lines {"text": "..."} on stdin and writes, for each, one JSON line
//   {"text": "...", "facets": [{"index": {"byteStart": n, "byteEnd": n}, "features": [...]}]}
// with UTF-8 byte offsets, sorted by byteStart ([] when nothing is detected).
//
// Without --pds it calls RichText.detectFacetsWithoutResolution(): links and tags are final,
// but a mention's "did" is the bare handle the SDK found (e.g. "alice.test"), not a DID.
// With --pds it calls RichText.detectFacets(agent) with an AtpAgent on that PDS, which
// resolves each mention through com.atproto.identity.resolveHandle; a handle that does not
// resolve gets did "" (the SDK's behaviour).
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values: opts } = parseArgs({
  options: {
    modules: { type: 'string', default: process.env.SOCIALOPS_INTEROP_MODULES },
    pds: { type: 'string' },
  },
})
if (!opts.modules) {
  process.stderr.write('facets: --modules <dir of node_modules> is required\n')
  process.exit(2)
}
const req = createRequire(path.join(opts.modules, '..', 'package.json'))
const { RichText, AtpAgent } = await import(pathToFileURL(req.resolve('@atproto/api')).href)
const agent = opts.pds ? new AtpAgent({ service: opts.pds }) : null

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (!line.trim()) continue
  const { text } = JSON.parse(line)
  const rt = new RichText({ text })
  if (agent) await rt.detectFacets(agent)
  else rt.detectFacetsWithoutResolution()
  process.stdout.write(JSON.stringify({ text, facets: rt.facets ?? [] }) + '\n')
}
