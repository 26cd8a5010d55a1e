/**
 * Teams identity pinned (issue 14 §2). First the gap, shown against the SDK's real validator with a
 * loopback token issuer: an Entra token for our CLIENT_ID from any tenant, with no serviceurl claim,
 * passes it. Then the app: that token, a foreign tenant's activity and an unknown serviceUrl all get
 * 401 before anything runs, and no such address is ever stored or sent to.
 */
import { InboundActivityTokenValidator } from '@microsoft/teams.apps/dist/middleware';
import { PUBLIC } from '@microsoft/teams.api';
import { Connector } from '../../../src/channels/teams/connector';
import { allowedServiceUrl, tokenProblem } from '../../../src/channels/teams/trust';
import { startFakeConnector, type FakeConnector } from '../../fakes/teams/server';
import { FakeTokenIssuer } from '../../fakes/teams/tokens';
import { startTestApp, type TestApp } from '../../support/app';
import { AAD, personalConversation, personalMessage, postActivity, TENANT, writeOrg } from './helpers';

const CLIENT_ID = '00000000-0000-0000-0000-0000000000b0';
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
const ATTACKER = 'https://attacker.example';
const entraClaims = (tid: string) => ({
  iss: `https://login.microsoftonline.com/${tid}/v2.0`,
  tid,
  aud: CLIENT_ID,
  sub: 'someone',
});

let issuer: FakeTokenIssuer;
beforeAll(async () => {
  issuer = await new FakeTokenIssuer().start();
});
afterAll(async () => {
  await issuer?.stop();
});

describe("the SDK's own validator (why Reflect wraps it)", () => {
  it('accepts an Entra token for our app from a foreign tenant, with no serviceurl claim', async () => {
    const cloud = {
      ...PUBLIC,
      loginEndpoint: issuer.url,
      openIdMetadataUrl: `${issuer.url}/v1/.well-known/openidconfiguration`,
    };
    const validator = new InboundActivityTokenValidator(CLIENT_ID, TENANT, undefined, undefined, cloud);
    const token = issuer.sign({ ...entraClaims(OTHER_TENANT), iss: `${issuer.url}/${OTHER_TENANT}/v2.0` });
    await expect(validator.check(`Bearer ${token}`, { serviceUrl: ATTACKER } as never)).resolves.toMatchObject({
      serviceUrl: ATTACKER,
    });
  });
});

describe("Reflect's pinning rules", () => {
  it('takes Bot Framework tokens and Entra tokens for TENANT_ID only', () => {
    const bearer = (claims: Record<string, unknown>) => `Bearer ${issuer.sign(claims)}`;
    expect(tokenProblem(bearer({ iss: 'https://api.botframework.com', aud: CLIENT_ID }), TENANT)).toBeUndefined();
    expect(tokenProblem(bearer(entraClaims(TENANT)), TENANT)).toBeUndefined();
    expect(tokenProblem(bearer(entraClaims(OTHER_TENANT)), TENANT)).toBe('TEAMS_TOKEN_TENANT');
    expect(
      tokenProblem(bearer({ ...entraClaims(TENANT), iss: `https://sts.windows.net/${OTHER_TENANT}/` }), TENANT),
    ).toBe('TEAMS_TOKEN_TENANT');
    expect(tokenProblem(bearer({ iss: 'https://evil.example', aud: CLIENT_ID }), TENANT)).toBe('TEAMS_TOKEN_ISSUER');
  });

  it.each([
    ['https://smba.trafficmanager.net/emea/', true],
    ['https://smba.trafficmanager.net/teams', true],
    ['https://smba.infra.gcc.teams.microsoft.com/', true],
    ['https://configured.example/bf/x', true],
    ['http://smba.trafficmanager.net/emea/', false],
    ['https://smba.trafficmanager.net.attacker.example/', false],
    ['https://user:pw@smba.trafficmanager.net/', false],
    ['https://configured.example/other', false],
    [ATTACKER, false],
    ['not a url', false],
  ])('service URL %s allowed: %s', (url, ok) => {
    expect(allowedServiceUrl(url, 'https://configured.example/bf')).toBe(ok);
  });

  it('never sends to a service URL outside the list, and makes no request when asked to', async () => {
    const connector = new Connector({
      logger: { child: () => connector } as never,
      serviceUrl: 'https://configured.example',
    });
    await expect(connector.post(ATTACKER, 'a:conv', { type: 'message', text: 'x' })).rejects.toMatchObject({
      code: 'TEAMS_SERVICE_URL_NOT_ALLOWED',
      options: { permanent: true },
    });
  });
});

describe('the app with CLIENT_ID and TENANT_ID set', () => {
  let app: TestApp;
  let fake: FakeConnector;
  beforeAll(async () => {
    fake = await startFakeConnector();
    app = await startTestApp({
      CLIENT_ID,
      CLIENT_SECRET: 'not-a-real-secret',
      TENANT_ID: TENANT,
      SERVICE_URL: fake.url,
      ORG_CONFIG: writeOrg(),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  const refused = async (activity: Record<string, unknown>, token: string, code: string) => {
    const before = await app.reflect.store.countReflections();
    const res = await postActivity(app, activity, { authorization: `Bearer ${token}` });
    expect(res).toEqual({ status: 401, body: { error: code } });
    expect(await app.reflect.store.countReflections()).toBe(before);
    expect(await app.reflect.store.getChannelState(`teams:ref:user:${AAD.alex}`)).toBeFalsy();
    expect(fake.calls).toHaveLength(0);
  };

  it('answers 401 to the Entra token from another tenant, with an attacker serviceUrl', async () => {
    const activity = { ...personalMessage(fake, AAD.alex, 'hello'), serviceUrl: ATTACKER };
    await refused(activity, issuer.sign(entraClaims(OTHER_TENANT)), 'TEAMS_TOKEN_TENANT');
  });

  it('answers 401 to a serviceUrl outside the list, whatever the token', async () => {
    const activity = { ...personalMessage(fake, AAD.alex, 'hello'), serviceUrl: ATTACKER };
    await refused(activity, issuer.sign(entraClaims(TENANT)), 'TEAMS_SERVICE_URL_NOT_ALLOWED');
  });

  it('answers 401 to an activity from another tenant', async () => {
    const activity = personalMessage(fake, AAD.alex, 'hello');
    const foreign = {
      ...activity,
      conversation: { id: personalConversation(AAD.alex), conversationType: 'personal', tenantId: OTHER_TENANT },
      channelData: { tenant: { id: OTHER_TENANT } },
    };
    await refused(
      foreign,
      issuer.sign({ iss: 'https://api.botframework.com', aud: CLIENT_ID }),
      'TEAMS_TENANT_NOT_ALLOWED',
    );
  });
});
