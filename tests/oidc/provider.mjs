// A real OpenID Connect provider (panva/oidc-provider, certified by the OpenID Foundation) for
// midora's single sign-on tests, listening on loopback only.
//
//   node tests/oidc/provider.mjs PORT REDIRECT_URI
//
// One confidential client ("midora", secret "midora-test-secret", client_secret_post), the
// redirect URI given, and the users below with their groups. The provider's own development
// sign-in page (devInteractions) asks for a login; the test user's claims come from ACCOUNTS.
// Prints "ready <issuer>" once listening.
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const ACCOUNTS = {
  ana: {
    preferred_username: 'ana',
    email: 'ana@casp.example',
    email_verified: true,
    groups: ['midora-compliance-fr', 'staff'],
  },
  otto: {
    preferred_username: 'otto',
    email: 'otto@casp.example',
    email_verified: true,
    groups: ['staff'],
  },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'midora',
    client_secret: 'midora-test-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username'],
    groups: ['groups'],
  },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const claims = ACCOUNTS[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});
provider.proxy = false;

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
