package org.jnas.kernel.magic;

import org.jnas.kernel.repl.CellResult;

/** {@code %doc EXPR}: shows the signatures and javadoc of EXPR (e.g. {@code Math.abs}) in the pager. */
final class DocMagic implements Magic {
    @Override
    public String name() {
        return "doc";
    }

    @Override
    public String usage() {
        return "%doc EXPR shows signatures and javadoc in the pager";
    }

    @Override
    public CellResult run(String args, String body, MagicContext context) {
        if (args.isBlank()) {
            throw new IllegalArgumentException("%doc needs an expression, e.g. %doc Math.abs");
        }
        String doc = context.documentation(args.strip());
        if (doc.isEmpty()) {
            throw new IllegalArgumentException("%doc: no documentation found for '" + args.strip() + "'");
        }
        context.page(doc);
        return CellResult.empty();
    }
}
