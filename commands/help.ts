import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { helpReply } from '../src/core/help.js';

/** `/help [command]`: generated from the command definitions. */
export default defineCommand({
  name: 'help',
  summary: { en: 'List commands, or explain one', 'zh-CN': '列出全部命令，或查看某个命令的说明' },
  usage: '/help [command]',
  examples: ['/help', '/help incident', '/help incident declare'],
  params: [{ name: 'topic', rest: true, optional: true, description: { en: 'a command, e.g. incident declare', 'zh-CN': '命令名，例如 incident declare' } }],
  schema: z.object({ topic: z.string().optional() }),
  risk: 'read',
  roles: ['viewer'],
  async run(ctx, args) {
    return helpReply(ctx.services.catalogue, ctx.t, ctx.locale, args.topic);
  },
});
