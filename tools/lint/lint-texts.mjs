// Lints many texts in one ESLint instance (loading the config and Nx's project graph once):
// reads [{ file, code }] as JSON on stdin, writes each one's messages as JSON on stdout.
import { ESLint } from 'eslint';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const { file, code } of items) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(out));
