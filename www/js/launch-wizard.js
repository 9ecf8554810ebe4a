// The EC2 "Launch an instance" page: name and tags, the AMI, the instance
// type, the key pair, network and firewall, storage, advanced details and
// a summary with "Launch instance". Launching sends the console's requests
// (checked first with DryRun, so a mistake creates nothing) and then shows
// the new instance ids and the equivalent AWS CLI commands.

import { h, replaceChildren } from "./dom.js";
import {
  createKeyPairStep, dryRunParams, launchSteps, nextWizardGroupName, wizardGroupDescription, withGroupId,
} from "./launch-request.js";
import { QUICK_START, familyOf } from "./ami-families.js";
import { VOLUME_TYPES } from "./ebs.js";
import { tabList } from "./tabs.js";

const CANONICAL = "099720109477";
const ANYWHERE = "0.0.0.0/0";
const OPEN_SSH_WARNING = "Rules with source of 0.0.0.0/0 allow all IP addresses to access your instance. " +
  "We recommend setting security group rules to allow access from known IP addresses only.";
const ARCHITECTURES = [["x86_64", "64-bit (x86)"], ["arm64", "64-bit (Arm)"]];
const EXTRA_DEVICES = "bcdefghijklmnop".split("").map((letter) => `/dev/sd${letter}`);

/** "1,024 MiB" → GiB as the console prints it. */
const gib = (mib) => `${+(mib / 1024).toFixed(3)} GiB`;
const price = (perHour) => (perHour === undefined ? "–" : `${perHour} USD per Hour`);
const freeTierBadge = () => h("span", { class: "badge badge-free" }, "Free tier eligible");

export class LaunchWizard {
  #session;
  #pricePerHour;
  #learnerIp;
  #onPaste;
  #root = null;
  #data = null;
  #state = null;
  #createdKeyLines = [];
  #chosen = null;

  /**
   * `session` sends the requests; `pricePerHour(type)` and `learnerIp`
   * come from the wasm facade; `onPaste(text)` puts commands at the
   * terminal prompt.
   */
  constructor({ session, pricePerHour, learnerIp, onPaste }) {
    this.#session = session;
    this.#pricePerHour = pricePerHour;
    this.#learnerIp = learnerIp;
    this.#onPaste = onPaste;
  }

  /** Draws a fresh launch form into `root`. */
  open(root) {
    this.#root = root;
    this.#createdKeyLines = [];
    const read = (action, params = {}) => this.#session.read("ec2", action, params);
    try {
      this.#data = {
        images: read("DescribeImages", { Owners: ["amazon", CANONICAL] }).Images ?? [],
        myImages: read("DescribeImages", { Owners: ["self"] }).Images ?? [],
        types: read("DescribeInstanceTypes").InstanceTypes ?? [],
        vpcs: read("DescribeVpcs").Vpcs ?? [],
        subnets: read("DescribeSubnets").Subnets ?? [],
        groups: read("DescribeSecurityGroups").SecurityGroups ?? [],
      };
    } catch (error) {
      replaceChildren(root, h("p", { class: "view-error", role: "alert" }, `${error.code}: ${error.message}`));
      return;
    }
    const vpc = this.#data.vpcs.find((v) => v.IsDefault) ?? this.#data.vpcs[0];
    this.#state = {
      name: "",
      tags: [],
      family: QUICK_START[0].id,
      architecture: "x86_64",
      imageId: null,
      instanceType: "t2.micro",
      compareTypes: false,
      keyName: "",
      keyDialog: null,
      vpcId: vpc?.VpcId ?? "",
      subnetId: "",
      publicIp: true,
      firewall: "new",
      groupIds: [],
      ssh: true,
      sshSource: "anywhere",
      sshCustom: "",
      https: false,
      http: false,
      storage: [],
      userData: "",
      terminationProtection: false,
      shutdownBehavior: "stop",
      count: 1,
      errors: {},
      launching: false,
    };
    this.#pickImage();
    this.#useChosenImage();
    this.#render();
  }

  // ---- state changes --------------------------------------------------

  #set(changes, { rerender = true } = {}) {
    Object.assign(this.#state, changes);
    if (rerender) this.#render();
  }

  #images() {
    const family = QUICK_START.find((f) => f.id === this.#state.family);
    return this.#data.images
      .filter((image) => family.pattern.test(image.Name) && image.Architecture === this.#state.architecture)
      .sort((a, b) => b.CreationDate.localeCompare(a.CreationDate));
  }

  #image() {
    return [...this.#data.images, ...this.#data.myImages].find((i) => i.ImageId === this.#state.imageId);
  }

  /** Chooses the newest image of the family and architecture, and its default storage. */
  #pickImage() {
    const state = this.#state;
    const family = QUICK_START.find((f) => f.id === state.family);
    const architectures = ARCHITECTURES.map(([a]) => a)
      .filter((a) => this.#data.images.some((i) => family.pattern.test(i.Name) && i.Architecture === a));
    if (!architectures.includes(state.architecture)) state.architecture = architectures[0];
    state.imageId = this.#images()[0]?.ImageId ?? null;
    this.#useImageStorage();
    this.#fitInstanceType();
  }

  /** Keeps the instance type if it runs the chosen architecture, else takes the first that does. */
  #fitInstanceType() {
    const state = this.#state;
    const type = this.#data.types.find((t) => t.InstanceType === state.instanceType);
    if (!type?.ProcessorInfo?.SupportedArchitectures?.includes(state.architecture)) {
      state.instanceType = this.#types()[0]?.InstanceType ?? "";
    }
  }

  /** Chooses the learner's image `imageId` for the next form (Launch instance from AMI). */
  choose(imageId) {
    this.#chosen = imageId;
  }

  /** Starts with the learner's image passed to `choose`, under My AMIs. */
  #useChosenImage() {
    const image = this.#data.myImages.find((i) => i.ImageId === this.#chosen);
    this.#chosen = null;
    if (image) this.#useMyImage(image);
  }

  /** Takes one of the learner's images, its architecture and storage. */
  #useMyImage(image) {
    Object.assign(this.#state, { imageId: image.ImageId, architecture: image.Architecture, amiTab: "my-amis" });
    this.#useImageStorage();
    this.#fitInstanceType();
  }

  #useImageStorage() {
    const image = this.#image();
    const root = image?.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName);
    this.#state.storage = root
      ? [{ DeviceName: root.DeviceName, VolumeSize: root.Ebs.VolumeSize, VolumeType: root.Ebs.VolumeType }]
      : [];
  }

  /** Instance types for the chosen architecture, free tier first as the console lists them. */
  #types() {
    return this.#data.types
      .filter((t) => t.ProcessorInfo?.SupportedArchitectures?.includes(this.#state.architecture))
      .sort((a, b) => Number(b.FreeTierEligible) - Number(a.FreeTierEligible) ||
        a.InstanceType.localeCompare(b.InstanceType, "en", { numeric: true }));
  }

  // ---- rendering ------------------------------------------------------

  #render() {
    const focused = document.activeElement?.id;
    const state = this.#state;
    if (state.result) {
      replaceChildren(this.#root, this.#success(state.result));
      this.#root.querySelector("h2")?.focus();
      return;
    }
    replaceChildren(this.#root,
      h("form", {
        class: "wizard",
        "aria-labelledby": "wizard-title",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          this.#launch();
        },
      },
      h("header", { class: "wizard-header" },
        h("h2", { id: "wizard-title" }, "Launch an instance"),
        h("p", { class: "muted" }, "Amazon EC2 allows you to create virtual machines, or instances, that run on the AWS Cloud. Quickly get started by following the simple steps below.")),
      this.#errors().general && h("p", { class: "form-error", role: "alert" }, this.#errors().general),
      h("div", { class: "wizard-body" },
        h("div", { class: "wizard-sections" },
          this.#nameAndTags(),
          this.#imageSection(),
          this.#instanceTypeSection(),
          this.#keyPairSection(),
          this.#networkSection(),
          this.#storageSection(),
          this.#advancedSection()),
        this.#summary())));
    if (focused) document.getElementById(focused)?.focus();
  }

  #errors() {
    return this.#state.errors;
  }

  /** A labelled control with its inline error (AWS's words). */
  #field(id, label, control, { hint, error = this.#errors()[id] } = {}) {
    control.id = id;
    const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
    if (describedBy) control.setAttribute("aria-describedby", describedBy);
    if (error) control.setAttribute("aria-invalid", "true");
    return h("div", { class: "field" },
      h("label", { for: id }, label),
      hint && h("p", { class: "field-hint", id: `${id}-hint` }, hint),
      control,
      error && h("p", { class: "field-error", id: `${id}-error`, role: "alert" }, error));
  }

  #section(id, title, ...body) {
    return h("section", { class: "panel wizard-section", "aria-labelledby": `${id}-title` },
      h("header", { class: "panel-header" }, h("h3", { id: `${id}-title` }, title)),
      h("div", { class: "wizard-section-body" }, ...body));
  }

  #nameAndTags() {
    const state = this.#state;
    return this.#section("wizard-name-tags", "Name and tags",
      this.#field("wizard-name", "Name", h("input", {
        type: "text",
        value: state.name,
        placeholder: "e.g. My Web Server",
        oninput: (e) => this.#set({ name: e.target.value }, { rerender: false }),
      }), { error: this.#errors().tags }),
      state.tags.map((tag, index) => h("div", { class: "field-row" },
        this.#field(`wizard-tag-key-${index}`, "Key", h("input", {
          type: "text", value: tag.Key, oninput: (e) => (tag.Key = e.target.value),
        })),
        this.#field(`wizard-tag-value-${index}`, "Value", h("input", {
          type: "text", value: tag.Value, oninput: (e) => (tag.Value = e.target.value),
        })),
        h("button", {
          type: "button", class: "link-button", "aria-label": `Remove tag ${index + 1}`,
          onclick: () => this.#set({ tags: state.tags.filter((t) => t !== tag) }),
        }, "Remove"))),
      h("button", {
        type: "button", class: "secondary-button",
        onclick: () => this.#set({ tags: [...state.tags, { Key: "", Value: "" }] }),
      }, "Add additional tags"));
  }

  #imageSection() {
    const state = this.#state;
    const image = this.#image();
    const images = this.#images();
    const family = QUICK_START.find((f) => f.id === state.family);
    const tabs = [["quick-start", "Quick Start"], ["my-amis", "My AMIs"]];
    const tab = state.amiTab ?? "quick-start";
    return this.#section("wizard-ami", "Application and OS Images (Amazon Machine Image)",
      h("p", { class: "muted" }, "An AMI is a template that contains the software configuration (operating system, application server, and applications) required to launch your instance."),
      tabList({ label: "AMI source", prefix: "wizard-ami-tab", tabs, current: tab, panelId: "wizard-ami-panel", onSelect: (id) => this.#set({ amiTab: id }) }),
      h("div", { role: "tabpanel", id: "wizard-ami-panel", "aria-labelledby": `wizard-ami-tab-${tab}` },
        tab === "my-amis"
          ? this.#myAmis()
          : [
            h("fieldset", { class: "tiles" },
              h("legend", { class: "visually-hidden" }, "Quick Start operating system"),
              QUICK_START.map((f) => h("label", { class: f.id === state.family ? "tile is-selected" : "tile" },
                h("input", {
                  type: "radio", name: "wizard-os", value: f.id, checked: f.id === state.family,
                  onchange: () => {
                    this.#set({ family: f.id }, { rerender: false });
                    this.#pickImage();
                    this.#render();
                  },
                }),
                h("span", { class: "tile-title" }, f.tile)))),
            this.#field("wizard-ami-select", "Amazon Machine Image (AMI)", h("select", {
              onchange: (e) => {
                this.#set({ imageId: e.target.value }, { rerender: false });
                this.#useImageStorage();
                this.#render();
              },
            }, images.map((i) => h("option", { value: i.ImageId, selected: i.ImageId === state.imageId },
              `${family.name} (${i.ImageId})${family.freeTier ? " – Free tier eligible" : ""}`)))),
            image && h("p", { class: "muted" }, image.Description),
            this.#field("wizard-architecture", "Architecture", h("select", {
              onchange: (e) => {
                this.#set({ architecture: e.target.value }, { rerender: false });
                this.#pickImage();
                this.#render();
              },
            }, ARCHITECTURES
              .filter(([a]) => this.#data.images.some((i) => family.pattern.test(i.Name) && i.Architecture === a))
              .map(([value, label]) => h("option", { value, selected: value === state.architecture }, label)))),
            image && h("dl", { class: "facts" },
              h("dt", {}, "AMI ID"), h("dd", {}, h("code", {}, image.ImageId)),
              h("dt", {}, "Username"), h("dd", {}, familyOf(image).user),
              family.freeTier && [h("dt", {}, "Eligibility"), h("dd", {}, freeTierBadge())]),
          ]));
  }

  #myAmis() {
    const images = this.#data.myImages;
    if (images.length === 0) return h("p", { class: "empty" }, "You don't have any AMIs. AMIs you create or copy appear here.");
    return this.#field("wizard-my-ami", "My AMIs", h("select", {
      onchange: (e) => {
        this.#useMyImage(images.find((i) => i.ImageId === e.target.value));
        this.#render();
      },
    }, images.map((i) => h("option", { value: i.ImageId, selected: i.ImageId === this.#state.imageId }, `${i.Name} (${i.ImageId})`))));
  }

  #instanceTypeSection() {
    const state = this.#state;
    const types = this.#types();
    const chosen = types.find((t) => t.InstanceType === state.instanceType);
    return this.#section("wizard-type", "Instance type",
      this.#field("wizard-instance-type", "Instance type", h("select", {
        onchange: (e) => this.#set({ instanceType: e.target.value }),
      }, types.map((t) => h("option", { value: t.InstanceType, selected: t.InstanceType === state.instanceType },
        `${t.InstanceType} – ${t.VCpuInfo.DefaultVCpus} vCPU, ${gib(t.MemoryInfo.SizeInMiB)} memory, ` +
        `On-Demand Linux ${price(this.#pricePerHour(t.InstanceType))}${t.FreeTierEligible ? " – Free tier eligible" : ""}`))),
      { error: this.#errors()["wizard-instance-type"] }),
      chosen && h("p", { class: "muted", id: "wizard-type-facts" },
        `Family: ${chosen.InstanceType.split(".")[0]} · ${chosen.VCpuInfo.DefaultVCpus} vCPU · ${gib(chosen.MemoryInfo.SizeInMiB)} Memory · ` +
        `Current generation: ${chosen.CurrentGeneration} · On-Demand Linux base pricing: ${price(this.#pricePerHour(chosen.InstanceType))} `,
        chosen.FreeTierEligible && freeTierBadge()),
      h("button", {
        type: "button", class: "link-button", "aria-expanded": String(state.compareTypes),
        "aria-controls": "wizard-compare-types",
        onclick: () => this.#set({ compareTypes: !state.compareTypes }),
      }, "Compare instance types"),
      state.compareTypes && h("div", { class: "table-scroll", id: "wizard-compare-types" },
        h("table", { "aria-label": "Compare instance types" },
          h("thead", {}, h("tr", {}, ["Instance type", "vCPUs", "Architecture", "Memory (GiB)", "On-Demand Linux pricing", "Free tier eligible"]
            .map((label) => h("th", { scope: "col" }, label)))),
          h("tbody", {}, types.map((t) => h("tr", {},
            h("th", { scope: "row" }, t.InstanceType),
            h("td", {}, t.VCpuInfo.DefaultVCpus),
            h("td", {}, t.ProcessorInfo.SupportedArchitectures.join(", ")),
            h("td", {}, +(t.MemoryInfo.SizeInMiB / 1024).toFixed(3)),
            h("td", {}, price(this.#pricePerHour(t.InstanceType))),
            h("td", {}, t.FreeTierEligible ? "Yes" : "No")))))));
  }

  #keyPairSection() {
    const state = this.#state;
    const keys = this.#session.read("ec2", "DescribeKeyPairs").KeyPairs ?? [];
    return this.#section("wizard-key", "Key pair (login)",
      h("p", { class: "muted" }, "You can use a key pair to securely connect to your instance. Ensure that you have access to the selected key pair before you launch the instance."),
      h("div", { class: "field-row" },
        this.#field("wizard-key-name", "Key pair name - required", h("select", {
          onchange: (e) => this.#set({ keyName: e.target.value }),
        },
        h("option", { value: "", selected: state.keyName === "" }, "Select"),
        h("option", { value: "(none)", selected: state.keyName === "(none)" }, "Proceed without a key pair (Not recommended)"),
        keys.map((k) => h("option", { value: k.KeyName, selected: k.KeyName === state.keyName }, k.KeyName)))),
        h("button", {
          type: "button", class: "secondary-button", "aria-expanded": String(Boolean(state.keyDialog)),
          onclick: () => this.#set({ keyDialog: { name: "", type: "rsa", format: "pem", error: null } }),
        }, "Create new key pair")),
      state.keyDialog && this.#keyDialog());
  }

  #keyDialog() {
    const dialog = this.#state.keyDialog;
    const radios = (name, legend, options) => h("fieldset", { class: "radios" },
      h("legend", {}, legend),
      options.map(([value, label, hint]) => h("label", {},
        h("input", { type: "radio", name: `wizard-new-key-${name}`, value, checked: dialog[name] === value, onchange: () => (dialog[name] = value) }),
        h("span", {}, label, hint && h("span", { class: "muted" }, ` ${hint}`)))));
    return h("section", { class: "inline-dialog", role: "group", "aria-labelledby": "wizard-new-key-title" },
      h("h4", { id: "wizard-new-key-title" }, "Create key pair"),
      this.#field("wizard-new-key-name", "Key pair name", h("input", {
        type: "text", value: dialog.name, oninput: (e) => (dialog.name = e.target.value),
      }), {
        hint: "The name can include up to 255 ASCII characters. It can't include leading or trailing spaces.",
        error: dialog.error,
      }),
      radios("type", "Key pair type", [["rsa", "RSA", "RSA encrypted private and public key pair"], ["ed25519", "ED25519", "ED25519 encrypted private and public key pair"]]),
      radios("format", "Private key file format", [["pem", ".pem", "For use with OpenSSH"], ["ppk", ".ppk", "For use with PuTTY"]]),
      h("div", { class: "button-row" },
        h("button", { type: "button", class: "link-button", onclick: () => this.#set({ keyDialog: null }) }, "Cancel"),
        h("button", { type: "button", class: "primary-button", onclick: () => this.#createKeyPair() }, "Create key pair")));
  }

  #createKeyPair() {
    const dialog = this.#state.keyDialog;
    if (!dialog.name.trim()) {
      dialog.error = "Key pair name is required.";
      this.#render();
      return;
    }
    const step = createKeyPairStep(dialog);
    const failure = this.#session.dryRun("ec2", step.action, step.params);
    if (failure) {
      dialog.error = failure.message;
      this.#render();
      return;
    }
    const result = this.#session.exec(step.exec);
    if (result.exitCode !== 0) {
      dialog.error = result.stderr.trim();
      this.#render();
      return;
    }
    const material = this.#session.exec(`cat ${step.file}`).stdout;
    download(step.file, material);
    this.#createdKeyLines.push(...step.cli);
    this.#set({ keyName: dialog.name, keyDialog: null });
  }

  #networkSection() {
    const state = this.#state;
    const subnets = this.#data.subnets.filter((s) => s.VpcId === state.vpcId)
      .sort((a, b) => a.AvailabilityZone.localeCompare(b.AvailabilityZone));
    const groups = this.#data.groups.filter((g) => g.VpcId === state.vpcId);
    const sshOpen = state.firewall === "new" && state.ssh && this.#sshSource() === ANYWHERE;
    return this.#section("wizard-network", "Network settings",
      this.#field("wizard-vpc", "VPC - required", h("select", {
        onchange: (e) => this.#set({ vpcId: e.target.value, subnetId: "", groupIds: [] }),
      }, this.#data.vpcs.map((v) => h("option", { value: v.VpcId, selected: v.VpcId === state.vpcId },
        `${v.VpcId} (${v.CidrBlock})${v.IsDefault ? " (default)" : ""}`)))),
      this.#field("wizard-subnet", "Subnet", h("select", {
        onchange: (e) => {
          const subnet = subnets.find((s) => s.SubnetId === e.target.value);
          this.#set({ subnetId: e.target.value, publicIp: subnet ? subnet.MapPublicIpOnLaunch : true });
        },
      },
      h("option", { value: "", selected: !state.subnetId }, "No preference (Default subnet in any availability zone)"),
      subnets.map((s) => h("option", { value: s.SubnetId, selected: s.SubnetId === state.subnetId },
        `${s.SubnetId} (${s.AvailabilityZone}) ${s.CidrBlock}`)))),
      this.#field("wizard-public-ip", "Auto-assign public IP", h("select", {
        onchange: (e) => this.#set({ publicIp: e.target.value === "enable" }),
      },
      h("option", { value: "enable", selected: state.publicIp }, "Enable"),
      h("option", { value: "disable", selected: !state.publicIp }, "Disable"))),
      h("fieldset", { class: "radios" },
        h("legend", {}, "Firewall (security groups)"),
        [["new", "Create security group"], ["existing", "Select existing security group"]].map(([value, label]) =>
          h("label", {}, h("input", {
            type: "radio", name: "wizard-firewall", value, checked: state.firewall === value,
            onchange: () => this.#set({ firewall: value }),
          }), h("span", {}, label)))),
      state.firewall === "new"
        ? [
          h("p", {}, `We'll create a new security group called '${this.#groupName()}' with the following rules:`),
          h("div", { class: "check-row" },
            h("label", {}, h("input", {
              type: "checkbox", id: "wizard-ssh", checked: state.ssh, onchange: (e) => this.#set({ ssh: e.target.checked }),
            }), " Allow SSH traffic from"),
            h("select", {
              id: "wizard-ssh-source", "aria-label": "Allow SSH traffic from", disabled: !state.ssh,
              onchange: (e) => this.#set({ sshSource: e.target.value }),
            },
            h("option", { value: "anywhere", selected: state.sshSource === "anywhere" }, `Anywhere ${ANYWHERE}`),
            h("option", { value: "my-ip", selected: state.sshSource === "my-ip" }, `My IP ${this.#learnerIp}/32`),
            h("option", { value: "custom", selected: state.sshSource === "custom" }, "Custom")),
            state.ssh && state.sshSource === "custom" && h("input", {
              type: "text", id: "wizard-ssh-custom", "aria-label": "Custom source CIDR", placeholder: "e.g. 198.51.100.0/24",
              value: state.sshCustom, oninput: (e) => (state.sshCustom = e.target.value),
              "aria-describedby": this.#errors()["wizard-ssh-custom"] ? "wizard-ssh-custom-error" : null,
            })),
          this.#errors()["wizard-ssh-custom"] &&
            h("p", { class: "field-error", id: "wizard-ssh-custom-error", role: "alert" }, this.#errors()["wizard-ssh-custom"]),
          h("p", { class: "field-hint" }, "Helps you connect to your instance"),
          h("label", { class: "check-row" }, h("input", {
            type: "checkbox", id: "wizard-https", checked: state.https, onchange: (e) => this.#set({ https: e.target.checked }),
          }), " Allow HTTPS traffic from the internet"),
          h("p", { class: "field-hint" }, "To set up an endpoint, for example when creating a web server"),
          h("label", { class: "check-row" }, h("input", {
            type: "checkbox", id: "wizard-http", checked: state.http, onchange: (e) => this.#set({ http: e.target.checked }),
          }), " Allow HTTP traffic from the internet"),
          h("p", { class: "field-hint" }, "To set up an endpoint, for example when creating a web server"),
          sshOpen && h("p", { class: "warning", role: "status" }, OPEN_SSH_WARNING),
          this.#errors()["wizard-firewall"] && h("p", { class: "field-error", role: "alert" }, this.#errors()["wizard-firewall"]),
        ]
        : h("fieldset", { class: "radios" },
          h("legend", {}, "Common security groups"),
          groups.map((g) => h("label", {}, h("input", {
            type: "checkbox", value: g.GroupId, checked: state.groupIds.includes(g.GroupId),
            onchange: (e) => this.#set({
              groupIds: e.target.checked ? [...state.groupIds, g.GroupId] : state.groupIds.filter((id) => id !== g.GroupId),
            }),
          }), h("span", {}, `${g.GroupName} `, h("code", {}, g.GroupId)))),
          this.#errors()["wizard-firewall"] && h("p", { class: "field-error", role: "alert" }, this.#errors()["wizard-firewall"])));
  }

  #groupName() {
    return nextWizardGroupName(this.#data.groups.filter((g) => g.VpcId === this.#state.vpcId).map((g) => g.GroupName));
  }

  #sshSource() {
    const state = this.#state;
    if (state.sshSource === "my-ip") return `${this.#learnerIp}/32`;
    if (state.sshSource === "custom") return state.sshCustom.trim();
    return ANYWHERE;
  }

  #storageSection() {
    const state = this.#state;
    const volume = (v, index) => h("div", { class: "field-row volume" },
      h("span", {}, "1x"),
      this.#field(`wizard-volume-size-${index}`, index === 0 ? "Root volume size (GiB)" : `Volume ${index + 1} size (GiB)`,
        h("input", { type: "number", min: "1", value: v.VolumeSize, oninput: (e) => (v.VolumeSize = Number(e.target.value)) }),
        { error: index === 0 ? this.#errors()["wizard-volume-size-0"] : undefined }),
      this.#field(`wizard-volume-type-${index}`, "Volume type", h("select", {
        onchange: (e) => (v.VolumeType = e.target.value),
      }, VOLUME_TYPES.map(({ id, label }) => h("option", { value: id, selected: id === v.VolumeType }, label)))),
      h("span", { class: "muted" }, index === 0 ? `Root volume ${v.DeviceName} (Not encrypted)` : `EBS volume ${v.DeviceName}`),
      index > 0 && h("button", {
        type: "button", class: "link-button", "aria-label": `Remove volume ${index + 1}`,
        onclick: () => this.#set({ storage: state.storage.filter((other) => other !== v) }),
      }, "Remove"));
    return this.#section("wizard-storage", "Configure storage",
      state.storage.map(volume),
      this.#errors().storage && h("p", { class: "field-error", role: "alert" }, this.#errors().storage),
      h("button", {
        type: "button", class: "secondary-button",
        disabled: state.storage.length > EXTRA_DEVICES.length,
        onclick: () => this.#set({
          storage: [...state.storage, { DeviceName: EXTRA_DEVICES.find((d) => !state.storage.some((v) => v.DeviceName === d)), VolumeSize: 8, VolumeType: "gp3" }],
        }),
      }, "Add new volume"));
  }

  #advancedSection() {
    const state = this.#state;
    return h("details", { class: "panel wizard-section", open: Boolean(state.advancedOpen || this.#errors()["wizard-user-data"]), ontoggle: (e) => (state.advancedOpen = e.target.open) },
      h("summary", { class: "panel-header" }, h("h3", {}, "Advanced details")),
      h("div", { class: "wizard-section-body" },
        this.#field("wizard-termination-protection", "Termination protection", h("select", {
          onchange: (e) => (state.terminationProtection = e.target.value === "enable"),
        },
        h("option", { value: "disable", selected: !state.terminationProtection }, "Disable"),
        h("option", { value: "enable", selected: state.terminationProtection }, "Enable"))),
        this.#field("wizard-shutdown", "Shutdown behavior", h("select", {
          onchange: (e) => (state.shutdownBehavior = e.target.value),
        },
        h("option", { value: "stop", selected: state.shutdownBehavior === "stop" }, "Stop"),
        h("option", { value: "terminate", selected: state.shutdownBehavior === "terminate" }, "Terminate"))),
        this.#field("wizard-user-data", "User data - optional", h("textarea", {
          rows: "5", spellcheck: "false", oninput: (e) => (state.userData = e.target.value),
        }, state.userData), { hint: "Enter user data in the field." })));
  }

  #summary() {
    const state = this.#state;
    const image = this.#image();
    const volumes = state.storage.map((v) => `${v.VolumeSize} GiB`).join(", ");
    return h("aside", { class: "panel wizard-summary", "aria-labelledby": "wizard-summary-title" },
      h("header", { class: "panel-header" }, h("h3", { id: "wizard-summary-title" }, "Summary")),
      h("div", { class: "wizard-section-body" },
        this.#field("wizard-count", "Number of instances", h("input", {
          type: "number", min: "1", value: state.count, oninput: (e) => (state.count = Number(e.target.value)),
        })),
        h("dl", { class: "facts" },
          h("dt", {}, "Software Image (AMI)"), h("dd", {}, image ? `${image.Description} (${image.ImageId})` : "–"),
          h("dt", {}, "Virtual server type (instance type)"), h("dd", {}, state.instanceType || "–"),
          h("dt", {}, "Firewall (security group)"), h("dd", {}, state.firewall === "new" ? `New security group (${this.#groupName()})` : state.groupIds.join(", ") || "–"),
          h("dt", {}, "Storage (volumes)"), h("dd", {}, `${state.storage.length} volume(s) - ${volumes}`)),
        h("div", { class: "button-row" },
          h("a", { href: "#instances", class: "link-button" }, "Cancel"),
          h("button", { type: "submit", class: "primary-button", disabled: state.launching }, "Launch instance"))));
  }

  #success({ instanceIds, cli }) {
    const commands = cli.join("\n");
    return h("section", { class: "panel wizard-success", "aria-labelledby": "wizard-success-title" },
      h("header", { class: "panel-header" }, h("h2", { id: "wizard-success-title", tabindex: "-1" }, "Success")),
      h("div", { class: "wizard-section-body" },
        h("p", { role: "status" }, "Successfully initiated launch of instance ",
          instanceIds.map((id, i) => [i > 0 && ", ", h("code", { class: "instance-id" }, id)])),
        h("h3", {}, "AWS CLI equivalent"),
        h("p", { class: "muted" }, "The same launch, as commands you can run in the terminal:"),
        h("pre", { class: "cli-equivalent" }, commands),
        h("div", { class: "button-row" },
          h("button", { type: "button", class: "secondary-button", onclick: () => this.#onPaste(commands) }, "Paste into the terminal"),
          h("a", { href: "#instances", class: "primary-button" }, "View all instances"))));
  }

  // ---- launching ------------------------------------------------------

  /** The console's own checks of required fields, before any request. */
  #validate() {
    const state = this.#state;
    const errors = {};
    if (!state.imageId) errors.general = "Select an AMI.";
    if (!state.instanceType) errors["wizard-instance-type"] = "Select an instance type.";
    if (state.keyName === "") errors["wizard-key-name"] = "Key pair name is required. Select a key pair or proceed without a key pair.";
    if (!(Number.isInteger(state.count) && state.count >= 1)) errors["wizard-count"] = "Number of instances must be a whole number of at least 1.";
    if (state.firewall === "existing" && state.groupIds.length === 0) errors["wizard-firewall"] = "Select at least one security group.";
    if (state.firewall === "new" && state.ssh && !this.#sshSource()) errors["wizard-ssh-custom"] = "Enter a source CIDR block for SSH.";
    state.tags = state.tags.filter((t) => t.Key || t.Value);
    return errors;
  }

  #choices() {
    const state = this.#state;
    return {
      tags: [...(state.name ? [{ Key: "Name", Value: state.name }] : []), ...state.tags],
      imageId: state.imageId,
      instanceType: state.instanceType,
      count: state.count,
      keyName: state.keyName === "(none)" ? null : state.keyName,
      network: { vpcId: state.vpcId, subnetId: state.subnetId || null, publicIp: state.publicIp },
      firewall: {
        mode: state.firewall,
        groupName: this.#groupName(),
        description: wizardGroupDescription(this.#groupName(), this.#session.now()),
        groupIds: state.groupIds,
        ssh: state.ssh,
        sshSource: this.#sshSource(),
        https: state.https,
        http: state.http,
      },
      storage: state.storage,
      advanced: {
        userData: state.userData,
        terminationProtection: state.terminationProtection,
        shutdownBehavior: state.shutdownBehavior,
      },
    };
  }

  #launch() {
    const errors = this.#validate();
    if (Object.keys(errors).length > 0) {
      this.#set({ errors });
      return;
    }
    const steps = launchSteps(this.#choices());
    // Check every request first, so a mistake shows inline and creates nothing.
    for (const step of steps) {
      const failure = this.#dryRun(step);
      if (failure) {
        this.#set({ errors: { [fieldFor(step, failure)]: failure.message } });
        return;
      }
    }
    this.#set({ errors: {}, launching: true });
    let groupId = null;
    try {
      let instanceIds = [];
      for (const step of steps) {
        const params = groupId ? withGroupId(step.params, groupId) : step.params;
        const response = this.#session.call("ec2", step.action, params);
        if (step.action === "CreateSecurityGroup") groupId = response.GroupId;
        if (step.action === "RunInstances") instanceIds = response.Instances.map((i) => i.InstanceId);
      }
      this.#set({ launching: false, result: { instanceIds, cli: [...this.#createdKeyLines, ...steps.flatMap((s) => s.cli)] } });
    } catch (error) {
      this.#set({ launching: false, errors: { general: `Instance launch failed: ${error.message}` } });
    }
  }

  /** The error a DryRun of `step` returns, or null when EC2 would accept it. */
  #dryRun(step) {
    let params = dryRunParams(step);
    // The rules of a new group are checked against the VPC's default group.
    if (step.action === "AuthorizeSecurityGroupIngress") {
      const fallback = this.#data.groups.find((g) => g.VpcId === this.#state.vpcId && g.GroupName === "default");
      if (!fallback) return null;
      params = withGroupId(params, fallback.GroupId);
    }
    return this.#session.dryRun("ec2", step.action, params);
  }
}

/** Which field shows an error of `step`'s request. */
function fieldFor(step, error) {
  if (step.action === "CreateSecurityGroup" || step.action === "AuthorizeSecurityGroupIngress") {
    return step.action === "AuthorizeSecurityGroupIngress" ? "wizard-ssh-custom" : "wizard-firewall";
  }
  if (/BlockDevice|Volume/i.test(`${error.code} ${error.message}`)) return "wizard-volume-size-0";
  if (/user data/i.test(error.message)) return "wizard-user-data";
  if (/tag/i.test(error.message)) return "tags";
  if (/instance type/i.test(error.message) || error.message.includes("InstanceType")) return "wizard-instance-type";
  if (/key/i.test(error.code)) return "wizard-key-name";
  return "general";
}

/** Offers `text` as a file download named `name`. */
function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-pem-file" }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
