// A local OpenID Provider for the portal's single sign-on tests: panva's certified oidc-provider, with a
// plain sign-in page standing in for an institution's (Entra ID, Google Workspace). Anyone may sign in as any
// address; ticking "I used my authenticator app" asserts multi-factor authentication (amr: ["pwd", "otp",
// "mfa"]), as Entra ID does. Started by tests/idp/fixtures.py:
//   node server.mjs <port> <client_id> <client_secret> <redirect_uri> <post_logout_redirect_uri>
import http from 'node:http';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri, postLogout] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const page = (title, body) => `<!doctype html><html lang="en"><head><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogout],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  claims: { openid: ['sub', 'amr', 'acr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out of the University?', `${form}<button type="submit" form="op.logoutForm"
          name="logout" value="yes">Yes, sign me out</button>`);
      },
    },
  },
  pkce: { required: () => false },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {  // the subject is opaque, as an institution's is: the address is a claim beside it
        const email = Buffer.from(id.replace(/^u-/, ''), 'hex').toString();
        return { sub: id, email, email_verified: true, name: email };
      },
    };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.proxy = false;

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Sign in to the University', `<form method="post">
      <label for="login">University email</label> <input id="login" name="login" autocomplete="email">
      <label><input type="checkbox" name="mfa" value="1"> I used my authenticator app</label>
      <button type="submit">Sign in</button></form>`));
    return;
  }
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const form = new URLSearchParams(raw);
  const accountId = `u-${Buffer.from(form.get('login')).toString('hex')}`;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  const amr = form.get('mfa') ? ['pwd', 'otp', 'mfa'] : ['pwd'];
  await provider.interactionFinished(req, res, { login: { accountId, amr }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => { res.statusCode = 500; res.end(String(error)); });
  } else {
    callback(req, res);
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
