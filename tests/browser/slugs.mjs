// GitHub's heading anchors, as github-slugger makes them (the slugger GitHub's own
// Markdown preview is modelled on), for tests/test_gfm.py. Reads a JSON array of
// documents, each an array of heading texts in order, from stdin; writes the slugs.
import GithubSlugger from "github-slugger";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const documents = JSON.parse(input);
const slugs = documents.map((headings) => {
  const slugger = new GithubSlugger();
  return headings.map((heading) => slugger.slug(heading));
});
process.stdout.write(JSON.stringify(slugs));
