import { countText } from '../../src/llm/tokens';
import { startFakeOpenAI } from '../fakes/openai/server';
import { helpful, openState, runToPreview, startApp } from './harness';
it('debug', async () => {
  const fake = helpful(await startFakeOpenAI());
  const app = await startApp(fake, { LLM_TOKEN_BUDGET: '100000' });
  await runToPreview(app);
  const s = await openState(app);
  process.stderr.write(`tokensUsed ${s.llm?.tokensUsed}\n`);
  for (const r of fake.requests) process.stderr.write(`${r.body.response_format?.json_schema?.name} sys=${countText(r.body.messages?.[0]?.content ?? '')} user=${countText(r.body.messages?.[1]?.content ?? '')} schema=${countText(JSON.stringify(r.body.response_format?.json_schema?.schema))}\n`);
  await app.stop(); await fake.close();
});
