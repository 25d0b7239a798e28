"""``stc review`` in the browser: a local Starlette app over the project's review model.

Importing ``stc`` never imports this package; ``stc.server.run`` starts uvicorn.
"""
