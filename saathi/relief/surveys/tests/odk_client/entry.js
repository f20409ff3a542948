// The ODK web client as a host page uses it: fetch the form from our OpenRosa server,
// render it with ODK Web Forms, and send the instance ODK Web Forms makes to our
// OpenRosa submission endpoint with the phone's credential (HTTP Basic).
import { createApp, h } from "vue";
import { OdkWebForm, webFormsPlugin } from "@getodk/web-forms";

// The form's attachments (jr://file/members.csv, …) are fetched from the URLs the
// server's manifest gives, as ODK Collect does.
async function manifestUrls(manifestUrl, headers) {
  const urls = {};
  if (!manifestUrl) return urls;
  const text = await (await fetch(manifestUrl, { headers })).text();
  const doc = new DOMParser().parseFromString(text, "text/xml");
  for (const file of doc.getElementsByTagName("mediaFile")) {
    const name = file.getElementsByTagName("filename")[0].textContent;
    urls[name] = file.getElementsByTagName("downloadUrl")[0].textContent;
  }
  return urls;
}

async function start({ formUrl, manifestUrl, submissionUrl, authorization }) {
  const headers = { Authorization: authorization, "X-OpenRosa-Version": "1.0" };
  const formXml = await (await fetch(formUrl, { headers })).text();
  const attachments = await manifestUrls(manifestUrl, headers);
  const fetchFormAttachment = (url) => {
    const name = String(url).split("/").pop();
    return attachments[name] ? fetch(attachments[name], { headers }) : fetch(url, { headers });
  };
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
        fetchFormAttachment,
        onSubmit: handleSubmit,
      }),
  });
  app.use(webFormsPlugin);
  app.mount("#app");
}

window.saathiOdkClient = { start };
window.dispatchEvent(new Event("saathi-odk-ready"));
