// The API documentation page: Swagger UI (vendored) over the app's own OpenAPI document.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("api-docs");
  window.SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
  });
});
