package dev.escarp.macos.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.DocumentType;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads and rewrites the top-level string keys of an XML property list ({@code Info.plist}) with
 * the JDK's DOM, leaving every other key, and the file's layout, as it was.
 *
 * <p>Only XML plists: a binary plist ({@link #isBinary}) has to be converted first ({@code plutil
 * -convert xml1}, which {@link CuaAppBundles} runs on macOS). The parser never fetches the Apple
 * DTD the file names: the network is not consulted to read a local file.
 */
final class InfoPlist {

  private static final byte[] BINARY_MAGIC = "bplist".getBytes(StandardCharsets.US_ASCII);
  private static final String DOCTYPE_PUBLIC = "-//Apple//DTD PLIST 1.0//EN";
  private static final String DOCTYPE_SYSTEM = "http://www.apple.com/DTDs/PropertyList-1.0.dtd";

  private InfoPlist() {}

  /** Whether these bytes are a binary plist ({@code bplist00...}), which this class cannot read. */
  public static boolean isBinary(byte[] content) {
    if (content.length < BINARY_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < BINARY_MAGIC.length; i++) {
      if (content[i] != BINARY_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The top-level keys whose values are strings. */
  public static Map<String, String> strings(byte[] xml) {
    Element dict = topDict(parse(xml));
    Map<String, String> strings = new LinkedHashMap<>();
    for (Entry entry : entries(dict)) {
      if (entry.value() != null && "string".equals(entry.value().getTagName())) {
        strings.put(entry.key().getTextContent(), entry.value().getTextContent());
      }
    }
    return strings;
  }

  /**
   * Sets top-level keys to string values: an existing key keeps its place (a non-string value is
   * replaced by a {@code <string>}), a missing key is appended at the end of the dict.
   *
   * @throws IllegalArgumentException when the bytes are not an XML plist with a top-level dict
   */
  public static byte[] rewrite(byte[] xml, Map<String, String> values) {
    Document doc = parse(xml);
    Element dict = topDict(doc);
    Map<String, String> pending = new LinkedHashMap<>(values);
    for (Entry entry : entries(dict)) {
      String key = entry.key().getTextContent();
      if (!pending.containsKey(key)) {
        continue;
      }
      String value = pending.remove(key);
      Element string = doc.createElement("string");
      string.setTextContent(value);
      if (entry.value() == null) {
        dict.insertBefore(string, entry.key().getNextSibling());
      } else {
        dict.replaceChild(string, entry.value());
      }
    }
    if (!pending.isEmpty()) {
      appendEntries(doc, dict, pending);
    }
    return serialize(doc);
  }

  /**
   * Appends entries before the dict's closing whitespace, indented like its first key, so the file
   * stays readable.
   */
  private static void appendEntries(Document doc, Element dict, Map<String, String> values) {
    String indent = "\n\t";
    for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        if (n.getPreviousSibling() instanceof Text lead && lead.getTextContent().isBlank()) {
          indent = lead.getTextContent();
        }
        break;
      }
    }
    Node last = dict.getLastChild();
    Node closing = last instanceof Text text && text.getTextContent().isBlank() ? last : null;
    for (Map.Entry<String, String> value : values.entrySet()) {
      Element key = doc.createElement("key");
      key.setTextContent(value.getKey());
      Element string = doc.createElement("string");
      string.setTextContent(value.getValue());
      dict.insertBefore(doc.createTextNode(indent), closing);
      dict.insertBefore(key, closing);
      dict.insertBefore(doc.createTextNode(indent), closing);
      dict.insertBefore(string, closing);
    }
    if (closing == null) {
      dict.appendChild(doc.createTextNode("\n"));
    }
  }

  private record Entry(Element key, Element value) {}

  /** The dict's key/value pairs; a key with no value element after it has a null value. */
  private static List<Entry> entries(Element dict) {
    List<Element> children = new ArrayList<>();
    for (Node n = dict.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element element) {
        children.add(element);
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Element element = children.get(i);
      if (!"key".equals(element.getTagName())) {
        throw new IllegalArgumentException("malformed plist: <" + element.getTagName() + "> where a <key> belongs");
      }
      Element value = i + 1 < children.size() && !"key".equals(children.get(i + 1).getTagName()) ? children.get(++i) : null;
      entries.add(new Entry(element, value));
    }
    return entries;
  }

  private static Element topDict(Document doc) {
    Element root = doc.getDocumentElement();
    if (!"plist".equals(root.getTagName())) {
      throw new IllegalArgumentException("not a property list: the root element is <" + root.getTagName() + ">");
    }
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element element) {
        if ("dict".equals(element.getTagName())) {
          return element;
        }
        throw new IllegalArgumentException("the plist's top level is <" + element.getTagName() + ">, not <dict>");
      }
    }
    throw new IllegalArgumentException("the plist is empty");
  }

  private static Document parse(byte[] xml) {
    if (isBinary(xml)) {
      throw new IllegalArgumentException("a binary plist; convert it with plutil -convert xml1 first");
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      factory.setValidating(false);
      factory.setExpandEntityReferences(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Belt and braces: even a DTD the features above let through resolves to nothing.
      builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
    } catch (SAXException | IOException e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  private static byte[] serialize(Document doc) {
    try {
      Transformer transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.setOutputProperty(OutputKeys.INDENT, "no");
      DocumentType doctype = doc.getDoctype();
      transformer.setOutputProperty(
          OutputKeys.DOCTYPE_PUBLIC, doctype != null && doctype.getPublicId() != null ? doctype.getPublicId() : DOCTYPE_PUBLIC);
      transformer.setOutputProperty(
          OutputKeys.DOCTYPE_SYSTEM, doctype != null && doctype.getSystemId() != null ? doctype.getSystemId() : DOCTYPE_SYSTEM);
      doc.setXmlStandalone(true); // no standalone="no" in the declaration: plutil's own output has none
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("could not write the plist back: " + e.getMessage(), e);
    }
  }
}
