// The AT Protocol reference stack for the interop tests: @atproto/dev-env's TestNetwork
// (PLC, PDS, Bsky AppView with its PostgreSQL data plane, bsync, ozone), plus a small control
// HTTP server on 127.0.0.1 that tests use to create accounts, wait for indexing, revoke app
// passwords and mint expired tokens.
//
// Run with the Node 22 that install.sh puts in the cache dir:
//   node atproto_network.mjs --modules <cache>/lib/node_modules \
//        --postgres postgresql://postgres@127.0.0.1:PORT/postgres --redis 127.0.0.1:PORT
// (or the env vars SOCIALOPS_INTEROP_MODULES, DB_POSTGRES_URL, REDIS_HOST).
//
// Prints ONE JSON line on stdout when ready:
//   {"ready": true, "plc": url, "pds": url, "appview": url, "ozone": url, "bsync": url,
//    "control": url, "pds_did": did, "appview_did": did, "handle_domain": ".test",
//    "ratelimit_bypass": the PDS's rate-limit bypass key, "startup_s": seconds}
// All URLs use 127.0.0.1 (dev-env binds every interface; traffic must stay on loopback).
// Exits on SIGTERM / SIGINT or when stdin closes. Everything else goes to stderr.
import { createRequire } from 'node:module'
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const t0 = Date.now()
const log = (...a) => process.stderr.write(`[atproto_network] ${a.join(' ')}\n`)
// Keep stdout for the single JSON line, whatever a dependency prints.
console.log = console.info = console.debug = (...a) => process.stderr.write(a.join(' ') + '\n')

const { values: opts } = parseArgs({
  options: {
    modules: { type: 'string', default: process.env.SOCIALOPS_INTEROP_MODULES },
    postgres: { type: 'string', default: process.env.DB_POSTGRES_URL },
    redis: { type: 'string', default: process.env.REDIS_HOST },
    schema: { type: 'string', default: process.env.DB_POSTGRES_SCHEMA || 'interop' },
  },
})
const fail = (msg) => {
  process.stderr.write(`atproto_network: ${msg}\n`)
  process.exit(2)
}
if (!opts.modules) fail('--modules <dir of node_modules> is required (install.sh --print-dir)/lib/node_modules')
if (!opts.postgres) fail('--postgres URL is required')
if (!opts.redis) fail('--redis host:port is required')
// dev-env reads the redis host from the environment only.
process.env.REDIS_HOST = opts.redis.replace(/^redis:\/\//, '').replace(/\/.*$/, '')

const req = createRequire(path.join(opts.modules, '..', 'package.json'))
const load = async (name) => import(pathToFileURL(req.resolve(name)).href)
const { TestNetwork } = await load('@atproto/dev-env')
const jose = await load('jose')

const loopback = (url) => {
  const u = new URL(url)
  u.hostname = '127.0.0.1'
  return u.origin
}

let network
let control
let closing = false
const shutdown = async (why, code = 0) => {
  if (closing) return
  closing = true
  log(`shutting down (${why})`)
  const timer = setTimeout(() => {
    log('close() took more than 15 s, exiting anyway')
    process.exit(code || 1)
  }, 15000)
  timer.unref()
  try {
    control?.close()
    control?.closeAllConnections?.()
    if (network) await network.close()
  } catch (err) {
    log(`close failed: ${err?.stack || err}`)
  }
  process.exit(code)
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
process.stdin.on('end', () => shutdown('stdin closed'))
process.stdin.on('error', () => shutdown('stdin error'))
process.stdin.resume()
process.on('unhandledRejection', (err) => log(`unhandled rejection: ${err?.stack || err}`))

// The PDS runs with its rate limits on, as Bluesky's PDSes do (PDS_RATE_LIMITS_ENABLED):
// createSession 30 a handle in 5 minutes and 300 a day, 3000 requests an IP in 5 minutes (its
// rate-limits.js). This control server and the tests' other people (their World) send the
// bypass key the PDS is configured with; the project's adapters never do.
const BYPASS = `socialops-interop-${Math.random().toString(36).slice(2)}`
try {
  network = await TestNetwork.create({
    dbPostgresUrl: opts.postgres,
    dbPostgresSchema: opts.schema,
    pds: { rateLimitsEnabled: true, rateLimitBypassKey: BYPASS },
  })
} catch (err) {
  log(String(err?.stack || err))
  fail(`TestNetwork.create failed: ${err?.message || err}`)
}
if (closing) process.exit(0)

const pdsUrl = loopback(network.pds.url)
const accounts = new Map() // handle -> { did, password, accessJwt, refreshJwt }

// XRPC against the PDS, over loopback, with the same status/error the tests will see.
async function xrpc(method, nsid, { body, token, params } = {}) {
  const url = new URL(`/xrpc/${nsid}`, pdsUrl)
  for (const [k, v] of Object.entries(params || {})) url.searchParams.set(k, v)
  const res = await fetch(url, {
    method,
    headers: {
      'x-ratelimit-bypass': BYPASS,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  const data = text ? JSON.parse(text) : {}
  if (!res.ok) {
    const err = new Error(`${nsid}: ${res.status} ${data.error || ''} ${data.message || ''}`)
    err.status = res.status
    err.body = data
    throw err
  }
  return data
}

async function fullSession(handle) {
  const acct = accounts.get(handle)
  if (!acct) throw Object.assign(new Error(`unknown handle ${handle}`), { status: 404 })
  const s = await xrpc('POST', 'com.atproto.server.createSession', {
    body: { identifier: handle, password: acct.password },
  })
  return s.accessJwt
}

const routes = {
  // {handle, password?, appPasswordName?} -> {did, handle, password, appPassword, appPasswordName, accessJwt, refreshJwt}
  // accessJwt/refreshJwt belong to a session made with the app password.
  'POST /account': async (b) => {
    let handle = String(b.handle || '')
    if (!handle) throw Object.assign(new Error('handle is required'), { status: 400 })
    if (!handle.includes('.')) handle = `${handle}.test`
    const password = b.password || `pw-${Math.random().toString(36).slice(2)}`
    const created = await xrpc('POST', 'com.atproto.server.createAccount', {
      body: { handle, email: `${handle.replace(/\W/g, '-')}@example.invalid`, password },
    })
    accounts.set(created.handle, { did: created.did, password })
    const name = b.appPasswordName || 'socialops'
    const app = await xrpc('POST', 'com.atproto.server.createAppPassword', {
      token: created.accessJwt,
      body: { name },
    })
    const session = await xrpc('POST', 'com.atproto.server.createSession', {
      body: { identifier: created.handle, password: app.password },
    })
    return {
      did: created.did,
      handle: created.handle,
      password,
      appPassword: app.password,
      appPasswordName: name,
      accessJwt: session.accessJwt,
      refreshJwt: session.refreshJwt,
    }
  },
  // {handle, name?} -> {appPassword, name}: another app password for the same account
  'POST /app-password': async (b) => {
    const token = await fullSession(b.handle)
    const app = await xrpc('POST', 'com.atproto.server.createAppPassword', {
      token,
      body: { name: b.name || `socialops-${Date.now()}` },
    })
    return { appPassword: app.password, name: app.name }
  },
  // {handle, name} -> {} : revokes the app password (its sessions' refresh tokens die with it)
  'POST /revoke-app-password': async (b) => {
    const token = await fullSession(b.handle)
    await xrpc('POST', 'com.atproto.server.revokeAppPassword', {
      token,
      body: { name: b.name || 'socialops' },
    })
    return {}
  },
  // {} -> {ms}: waits until the AppView has indexed everything the PDS has sequenced
  'POST /process': async () => {
    const t = Date.now()
    await network.processAll()
    return { ms: Date.now() - t }
  },
  // {jwt, secondsAgo?} -> {jwt}: the same token (same claims, jti, scope, audience), re-signed
  // with the PDS's own key but expired `secondsAgo` seconds ago (default 60). The PDS's access
  // and refresh lifetimes are fixed (120 min / 90 days) and not configurable in dev-env, so this
  // is how tests reach the real "ExpiredToken" path.
  'POST /expire-token': async (b) => {
    const claims = jose.decodeJwt(String(b.jwt || ''))
    const header = jose.decodeProtectedHeader(String(b.jwt))
    const now = Math.floor(Date.now() / 1000)
    const ago = Number(b.secondsAgo ?? 60)
    const payload = { ...claims, iat: Math.min(claims.iat ?? now, now - ago - 1), exp: now - ago }
    const key = network.pds.ctx.accountManager.jwtKey
    const jwt = await new jose.SignJWT(payload).setProtectedHeader(header).sign(key)
    return { jwt }
  },
  // {uri, cid, create?: [val], negate?: [val]} -> {labeler}: the stack's moderation service
  // (ozone, one of the labellers whose labels the AppView serves: labelsFromIssuerDids) labels
  // a record, or negates its label. The label goes into the AppView's own label table, as
  // @atproto/bsky's tests put them there (dev-env's data plane does not subscribe to ozone's
  // label stream); the AppView's views then carry it as they carry any labeller's
  'POST /label': async (b) => {
    const src = network.ozone.ctx.cfg.service.did
    const cts = new Date().toISOString()
    const rows = [
      ...(b.create || []).map((val) => ({ val, neg: false })),
      ...(b.negate || []).map((val) => ({ val, neg: true })),
    ].map(({ val, neg }) => ({ src, uri: b.uri, cid: b.cid || '', val, neg, cts, exp: null }))
    // one row a (src, uri, cid, val): a negation replaces the label it negates
    for (const row of rows) {
      await network.bsky.db.db.insertInto('label').values(row)
        .onConflict((oc) => oc.columns(['src', 'uri', 'cid', 'val'])
          .doUpdateSet({ neg: row.neg, cts: row.cts }))
        .execute()
    }
    return { labeler: src }
  },
  // {did} -> {}: the AppView takes the account down (its data plane's takedownActor: the
  // actor's takedownRef), as a moderation service's takedown reaches it
  'POST /takedown': async (b) => {
    await network.bsky.db.db.updateTable('actor').set({ takedownRef: 'TAKEDOWN' })
      .where('did', '=', b.did).execute()
    return {}
  },
  // {} -> the same JSON as the ready line
  'GET /info': async () => info,
}

control = http.createServer(async (request, response) => {
  const chunks = []
  for await (const c of request) chunks.push(c)
  const key = `${request.method} ${new URL(request.url, 'http://x').pathname}`
  const handler = routes[key]
  let status = 200
  let out
  try {
    if (!handler) throw Object.assign(new Error(`no route ${key}`), { status: 404 })
    const raw = Buffer.concat(chunks).toString('utf8')
    out = await handler(raw ? JSON.parse(raw) : {})
  } catch (err) {
    status = err.status && err.status >= 400 ? err.status : 500
    out = { error: err.body?.error || err.name || 'Error', message: String(err.message || err) }
    log(`${key} -> ${status} ${out.message}`)
  }
  const body = JSON.stringify(out)
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  response.end(body)
})
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))

const info = {
  ready: true,
  plc: loopback(network.plc.url),
  pds: pdsUrl,
  appview: loopback(network.bsky.url),
  ozone: loopback(network.ozone.url),
  bsync: loopback(network.bsync.url),
  control: `http://127.0.0.1:${control.address().port}`,
  pds_did: network.pds.ctx.cfg.service.did,
  appview_did: network.bsky.ctx.cfg.serverDid,
  handle_domain: '.test',
  ratelimit_bypass: BYPASS,
  startup_s: (Date.now() - t0) / 1000,
}
process.stdout.write(JSON.stringify(info) + '\n')
log(`ready in ${info.startup_s} s`)
