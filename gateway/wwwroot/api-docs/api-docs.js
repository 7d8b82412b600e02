// Renders the OpenAPI document the gateway makes from the protos: each operation with its parameters,
// its request body's fields and its answer, one level of each schema deep (enough to write a call).
const $ = (selector) => document.querySelector(selector);

const element = (tag, text, attributes = {}) => Object.assign(document.createElement(tag), { textContent: text ?? '' }, attributes);

function typeOf(schema, schemas) {
  if (!schema) {
    return '';
  }
  if (schema.$ref) {
    return schema.$ref.split('/').pop();
  }
  if (schema.type === 'array') {
    return `${typeOf(schema.items, schemas)}[]`;
  }
  if (schema.enum) {
    return schema.enum.join(' | ');
  }
  return schema.format ? `${schema.type} (${schema.format})` : schema.type;
}

function fields(schema, schemas) {
  const resolved = schema?.$ref ? schemas[schema.$ref.split('/').pop()] : schema;
  const list = element('ul');
  for (const [name, property] of Object.entries(resolved?.properties ?? {})) {
    list.append(element('li', `${name}: ${typeOf(property, schemas)}`));
  }
  return list;
}

function operation(path, method, op, schemas) {
  const section = element('section');
  section.dataset.route = `${method.toUpperCase()} ${path}`;
  section.append(element('h3', `${method.toUpperCase()} ${path}`), element('p', op.summary, { className: 'muted' }));
  const parameters = op.parameters ?? [];
  if (parameters.length) {
    section.append(element('h4', 'Parameters'));
    const list = element('ul');
    parameters.forEach((p) => list.append(element('li', `${p.name} (${p.in}${p.required ? ', required' : ''}): ${typeOf(p.schema, schemas)}`)));
    section.append(list);
  }
  const body = op.requestBody?.content?.['application/json']?.schema;
  if (body) {
    section.append(element('h4', 'Body (JSON)'), fields(body, schemas));
  }
  const answer = op.responses?.['200']?.content?.['application/json']?.schema;
  section.append(element('h4', `Answer: ${typeOf(answer, schemas)}`), fields(answer, schemas));
  return section;
}

async function show() {
  try {
    const response = await fetch('/openapi/v1.json');
    const document_ = await response.json();
    const schemas = document_.components?.schemas ?? {};
    const byTag = new Map();
    for (const [path, item] of Object.entries(document_.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const tag = op.tags?.[0] ?? '';
        if (!byTag.has(tag)) {
          byTag.set(tag, []);
        }
        byTag.get(tag).push(operation(path, method, op, schemas));
      }
    }
    const container = $('#operations');
    for (const [tag, sections] of byTag) {
      container.append(element('h2', tag), ...sections);
    }
  } catch (error) {
    const problem = $('#problem');
    problem.textContent = `The OpenAPI document could not be read: ${error.message}`;
    problem.hidden = false;
  }
}

show();
