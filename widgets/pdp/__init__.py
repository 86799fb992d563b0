"""The personal-data law (UU PDP) exercises: ``core`` sorts data into the law's categories and audits a form
for data its purpose does not need, ``classifier`` shows both."""
