"""Export to learning environments: a Moodle XML question bank and IMS QTI packages.

An adapter like the CLI and the handouts: it reads the exercise library and the
case variants through the core's public functions and renders the same text
the site and the worksheets show, so a question in the learning environment,
on the page and on paper says the same thing for the same variant code.
"""
