// An OpenRosa client for collect's tests: it fills a form with ODK's own XForm engine
// (@getodk/xforms-engine, under jsdom) and talks to the server as ODK Collect does.
//
// Reads one JSON job on stdin and writes one JSON result on stdout:
//   {server, formID, language, steps: [{path, count} | {path, value} | {path, file: {name, type, base64}}],
//    edit: {instanceXML} | null, maxSize: number | null, auth: {username, password} | null}
// 1. GET <server>/formList, find formID, GET its downloadUrl and check the md5 hash;
//    GET the manifest and every media file (checking their hashes) when it has one.
// 2. Create an instance of the XForm (or edit `edit.instanceXML`: the engine moves the
//    instanceID to deprecatedID and makes a new one) and answer it step by step; `path` is
//    the node's path below the root, `people[2]/name` in a repeat.
// 3. HEAD <server>/submission: it must answer 204 with X-OpenRosa-Version; its
//    X-OpenRosa-Accept-Content-Length (or a smaller `maxSize`) is the largest POST body.
// 4. POST the engine's payload: multipart, xml_submission_file and the attachments, split
//    by the engine into as many POSTs as that size needs, each with the whole XML.
// Digest (and Basic) sign-in answer the server's 401 challenge, as RFC 7616 says.
import { createHash, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { JSDOM } from 'jsdom';

// The engine's bundled tree-sitter takes Node for what it is and reads __dirname.
globalThis.__dirname = dirname(fileURLToPath(import.meta.url));
const dom = new JSDOM('');
for (const name of ['DOMParser', 'XMLSerializer', 'Node', 'Element', 'Document', 'XMLDocument',
                    'DocumentFragment', 'Text', 'Attr', 'NodeFilter', 'XPathResult', 'document', 'window']) {
  if (!(name in globalThis)) globalThis[name] = dom.window[name];
}
const { createInstance, editInstance } = await import('@getodk/xforms-engine');

const md5 = (bytes) => 'md5:' + createHash('md5').update(bytes).digest('hex');

class Session {
  constructor(job) {
    this.job = job;
    this.challenge = null;
    this.count = 0;
  }

  authorization(method, url) {
    const { auth } = this.job;
    if (!auth || !this.challenge) return {};
    if (this.challenge.scheme === 'basic') {
      return { Authorization: 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64') };
    }
    const { realm, nonce, qop, opaque } = this.challenge;
    const uri = new URL(url).pathname + new URL(url).search;
    const h = (text) => createHash('md5').update(text).digest('hex');
    const first = h(`${auth.username}:${realm}:${auth.password}`);
    const second = h(`${method}:${uri}`);
    const nc = (++this.count).toString(16).padStart(8, '0');
    const cnonce = randomBytes(16).toString('hex');
    const response = h(`${first}:${nonce}:${nc}:${cnonce}:auth:${second}`);
    let header = `Digest username="${auth.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
      `algorithm=MD5, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
    if (opaque) header += `, opaque="${opaque}"`;
    if (!qop) throw new Error('the server offered Digest without qop=auth');
    return { Authorization: header };
  }

  learn(response) {
    const offered = response.headers.get('www-authenticate') || '';
    const digest = /Digest\s+(.*?)(?:,\s*Basic\b|$)/i.exec(offered);
    if (digest) {
      const fields = {};
      for (const [, key, value] of digest[1].matchAll(/(\w+)="?([^",]*)"?/g)) fields[key] = value;
      this.challenge = { scheme: 'digest', ...fields };
    } else if (/Basic/i.test(offered)) {
      this.challenge = { scheme: 'basic' };
    }
    return Boolean(this.challenge);
  }

  async fetch(method, url, body) {
    const headers = () => ({
      'X-OpenRosa-Version': '1.0', 'Date': new Date().toUTCString(), 'Accept-Language': this.job.language,
      ...this.authorization(method, url),
    });
    let response = await fetch(url, { method, headers: headers(), body });
    if (response.status === 401 && this.job.auth && this.learn(response)) {
      response = await fetch(url, { method, headers: headers(), body });
    }
    return response;
  }
}

const parseXML = (text) => new dom.window.DOMParser().parseFromString(text, 'text/xml');
const field = (element, name) => element.getElementsByTagName(name)[0]?.textContent ?? null;

async function download(session, job) {
  const list = await session.fetch('GET', `${job.server}/formList`);
  if (list.status !== 200 || list.headers.get('x-openrosa-version') !== '1.0') {
    return { error: `formList answered ${list.status}`, body: await list.text() };
  }
  const listed = parseXML(await list.text());
  const entry = [...listed.getElementsByTagName('xform')].find((x) => field(x, 'formID') === job.formID);
  if (!entry) return { error: `formList does not offer ${job.formID}`, formList: listed.documentElement.outerHTML };
  const xform = Buffer.from(await (await session.fetch('GET', field(entry, 'downloadUrl'))).arrayBuffer());
  if (md5(xform) !== field(entry, 'hash')) throw new Error('the XForm does not match its hash');
  const media = new Map();
  const manifestUrl = field(entry, 'manifestUrl');
  if (manifestUrl) {
    const manifest = parseXML(await (await session.fetch('GET', manifestUrl)).text());
    for (const file of manifest.getElementsByTagName('mediaFile')) {
      const bytes = Buffer.from(await (await session.fetch('GET', field(file, 'downloadUrl'))).arrayBuffer());
      if (md5(bytes) !== field(file, 'hash')) throw new Error(`media ${field(file, 'filename')} does not match its hash`);
      media.set(field(file, 'filename'), bytes);
    }
  }
  return { xform: xform.toString('utf8'), media, name: field(entry, 'name'), version: field(entry, 'version') };
}

function nodeAt(root, reference) {
  if (root.currentState.reference === reference) return root;
  for (const child of root.currentState.children ?? []) {
    if (reference === child.currentState.reference || reference.startsWith(child.currentState.reference + '/')
        || reference.startsWith(child.currentState.reference + '[')) {
      const found = nodeAt(child, reference);
      if (found) return found;
    }
  }
  return null;
}

function answer(root, step) {
  const reference = `${root.currentState.reference}/${step.path}`;
  const node = nodeAt(root, reference);
  if (!node) throw new Error(`no node at ${reference}`);
  if ('count' in step) {
    if (node.nodeType === 'repeat-range:uncontrolled') {
      while (node.currentState.children.length < step.count) node.addInstances();
      while (node.currentState.children.length > step.count) node.removeInstances(node.currentState.children.length - 1);
    }
    return;
  }
  if (step.file) {
    const bytes = Buffer.from(step.file.base64, 'base64');
    node.setValue(new File([bytes], step.file.name, { type: step.file.type }));
  } else if (node.nodeType === 'select') {
    if (node.selectType === 'select1') node.selectValue(step.value);
    else node.selectValues(step.value);
  } else if (node.nodeType === 'rank') {
    node.setValues(step.value);
  } else if (node.nodeType === 'trigger') {
    node.setValue(true);
  } else {
    node.setValue(step.value);
  }
}

async function run(job) {
  const session = new Session(job);
  const form = await download(session, job);
  if (form.error) return form;
  const fetchFormAttachment = async (url) => {
    const name = String(url).split('/').pop();
    return form.media.has(name) ? new Response(form.media.get(name)) : new Response('', { status: 404 });
  };
  const options = { form: { fetchFormAttachment } };
  const instance = job.edit
    ? await editInstance(form.xform, { inputType: 'FORM_INSTANCE_INPUT_RESOLVABLE',
        resolveInstance: () => job.edit.instanceXML, attachments: new Map() }, options)
    : await createInstance(form.xform, options);
  for (const step of job.steps) answer(instance.root, step);

  const head = await session.fetch('HEAD', `${job.server}/submission`);
  if (head.status !== 204 || head.headers.get('x-openrosa-version') !== '1.0') {
    return { error: `HEAD /submission answered ${head.status}`, status: head.status, body: await head.text() };
  }
  const accepted = Number(head.headers.get('x-openrosa-accept-content-length'));
  const maxSize = Math.min(accepted, job.maxSize ?? accepted);
  const payload = await instance.root.prepareInstancePayload({ payloadType: 'chunked', maxSize });
  if (payload.status !== 'ready') {
    return { error: `the engine refuses to submit: ${payload.status}`,
             violations: (payload.violations ?? []).map((v) => v.reference ?? v.fileName ?? String(v)) };
  }
  const instanceXML = await payload.data[0].get('xml_submission_file').text();
  const posts = [];
  for (const data of payload.data) {
    const response = await session.fetch('POST', `${job.server}/submission`, data);
    posts.push({ status: response.status, body: await response.text(), parts: [...data.keys()],
                 openrosa: response.headers.get('x-openrosa-version') });
  }
  const meta = parseXML(instanceXML);
  return { instanceXML, instanceID: field(meta, 'instanceID'), deprecatedID: field(meta, 'deprecatedID'),
           name: form.name, version: form.version, posts };
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await run(JSON.parse(input))));
