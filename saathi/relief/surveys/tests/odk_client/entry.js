// The ODK web client as a host page uses it: fetch the form from our OpenRosa server,
// render it with ODK Web Forms, and send the instance ODK Web Forms makes to our
// OpenRosa submission endpoint with the phone's credential (HTTP Basic).
import { createApp, h } from "vue";
import { OdkWebForm, webFormsPlugin } from "@getodk/web-forms";

async function start({ formUrl, submissionUrl, authorization }) {
  const headers = { Authorization: authorization, "X-OpenRosa-Version": "1.0" };
  const formXml = await (await fetch(formUrl, { headers })).text();
  const status = document.getElementById("status");
  const handleSubmit = async (payload, callback) => {
    // a monolithic payload: one InstanceData (a FormData holding xml_submission_file
    // and the attachments), as ODK Collect would POST it
    const body = payload.data[0];
    const res = await fetch(submissionUrl, { method: "POST", headers, body });
    status.textContent = `${res.status} ${await res.text()}`;
    status.dataset.status = String(res.status);
    if (callback) callback({ status: res.ok ? "success" : "failure" });
  };
  const app = createApp({
    render: () =>
      h(OdkWebForm, {
        formXml,
        fetchFormAttachment: (url) => fetch(url, { headers }),
        onSubmit: handleSubmit,
      }),
  });
  app.use(webFormsPlugin);
  app.mount("#app");
}

window.saathiOdkClient = { start };
window.dispatchEvent(new Event("saathi-odk-ready"));
