"""Background work on Django's task framework (django-tasks with its database backend): the
`midora worker` loop, periodic checks, and long jobs whose progress a page can follow."""
