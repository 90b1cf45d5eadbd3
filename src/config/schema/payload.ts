/** `config.payload`: rows of a CSV file handed to virtual users as variables. */
import { Type } from '@sinclair/typebox';
import { Choice, Section } from './common.ts';

export const Payload = Section(
  {
    path: Type.Optional(Type.String({ minLength: 1, description: 'CSV file, relative to the scenario file. Required, unless given with `-p/--payload`.' })),
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Variable names for the columns, in order. Required unless `loadAll` is set.' })),
    order: Type.Optional(Choice(['random', 'sequence'], 'Which row each virtual user gets: "random" (default) or "sequence".')),
    skipHeader: Type.Optional(Type.Boolean({ description: 'Skip the first row (column titles). Default: false.' })),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1, description: 'Column separator, one character. Default: ",".', 'x-expect': 'one character, e.g. ";"' })),
    cast: Type.Optional(Type.Boolean({ description: 'Turn numbers and booleans in the file into real values. Default: true.' })),
    skipEmptyLines: Type.Optional(Type.Boolean({ description: 'Ignore empty lines. Default: true.' })),
    loadAll: Type.Optional(Type.Boolean({ description: 'Give every virtual user all rows, as the variable named by `name`. Default: false.' })),
    name: Type.Optional(Type.String({ minLength: 1, description: 'Variable holding all rows when `loadAll` is true. Default: none.' })),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Options handed to the CSV parser (csv-parse), e.g. { quote: "\'" }; they win over the keys above. Default: none.', 'x-expect': 'a section of csv-parse option: value lines' })),
  },
  'A CSV file whose rows become variables.',
);

export const Payloads = Type.Union([Payload, Type.Array(Payload)], {
  description: 'CSV data for virtual users: one file section or a list of them. Default: none.',
});
